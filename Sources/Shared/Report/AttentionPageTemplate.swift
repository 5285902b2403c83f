// The page `AttentionPage.html` fills in: styles, markup and script, all inline. The data goes
// where `{{DATA}}` stands. Tokens reach the page only through the JSON and are shown with
// `textContent` or drawn on a canvas, never parsed as HTML. When the script has drawn the page
// it sets `data-rendered="ok"` on <html> (a headless browser's `--dump-dom` shows it); an
// error sets `data-rendered="error"` and says what went wrong at the top of the page.
extension AttentionPage {
    static let template = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Attention</title>
<style>
:root { --ink: #1d1d1f; --muted: #66666c; --line: #d8d8de; --panel: #f5f5f7; --accent: #08306b; --row: 22px; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; padding: 18px 28px 40px; color: var(--ink); background: #fff;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
             "Microsoft YaHei", "DejaVu Sans", sans-serif, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"; }
h1 { font-size: 20px; margin: 0 0 2px; }
.sub { color: var(--muted); margin: 0 0 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
nav { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 14px; }
nav button { font: inherit; border: 1px solid var(--line); border-bottom: none; background: var(--panel); color: var(--muted);
             padding: 6px 16px; border-radius: 7px 7px 0 0; cursor: pointer; position: relative; top: 1px; }
nav button[aria-selected="true"] { background: #fff; color: var(--ink); font-weight: 600; }
button { font: inherit; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 22px; margin-bottom: 8px; }
.controls select { font: inherit; padding: 2px 4px; }
.swatches { display: inline-flex; flex-wrap: wrap; gap: 4px; vertical-align: middle; margin-left: 6px; }
.swatch { font: 12px/1 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; min-width: 30px; height: 24px; padding: 0 5px;
          border-radius: 5px; border: 2px solid var(--c); background: var(--c); color: #fff; cursor: pointer; }
.swatch[aria-pressed="false"] { background: #fff; color: var(--c); }
.small { font-size: 12px; border: 1px solid var(--line); background: var(--panel); border-radius: 5px; padding: 2px 9px; cursor: pointer; }
.hint { color: var(--muted); font-size: 12.5px; margin: 0 0 12px; max-width: 62em; }
.hv { display: grid; grid-template-columns: max-content max-content 260px max-content max-content; align-items: start; }
.colhead { font-size: 12px; color: var(--muted); height: 20px; padding: 0 6px; }
.colhead.q { text-align: right; }
.col { display: flex; flex-direction: column; }
.tok { height: var(--row); line-height: var(--row); padding: 0 6px; white-space: pre; border-radius: 4px; cursor: pointer; user-select: none; }
.q .tok { text-align: right; }
.tok.focus { background: #ffd75e; }
.tok.pinned { box-shadow: inset 0 0 0 2px #c58a00; }
.n { height: var(--row); display: flex; gap: 5px; align-items: center; white-space: pre;
     font: 11px/1 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; padding: 0 4px; }
.nums.left .n { justify-content: flex-end; }
canvas.lines { display: block; }
.grid { display: grid; gap: 6px; align-items: center; justify-content: start; }
.grid .lab { font-size: 12px; color: var(--muted); text-align: center; white-space: nowrap; }
.grid .rowlab { text-align: right; padding-right: 4px; }
.thumb { display: block; image-rendering: pixelated; border: 1px solid var(--line); cursor: pointer; background: #fff; }
.thumb:hover, .thumb:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
.legend { display: flex; align-items: center; gap: 8px; font-size: 12px; color: var(--muted); margin: 0 0 12px; }
.legend canvas { border: 1px solid var(--line); }
.masked { display: inline-block; width: 14px; height: 14px; background: #ececf0; border: 1px solid var(--line); vertical-align: -3px; }
.overlay { position: fixed; inset: 0; background: rgba(20, 20, 30, .45); display: flex; align-items: center; justify-content: center; z-index: 10; }
.overlay[hidden] { display: none; }
.dialog { background: #fff; border-radius: 10px; padding: 12px 18px 14px; max-width: calc(100vw - 24px); max-height: calc(100vh - 24px);
          overflow: auto; box-shadow: 0 12px 40px rgba(0, 0, 0, .3); }
.bar { display: flex; align-items: center; gap: 6px; margin-bottom: 6px; }
.bar h2 { font-size: 16px; margin: 0 auto 0 0; padding-right: 20px; }
.readout { font-size: 12.5px; color: var(--ink); min-height: 20px; margin-top: 4px; white-space: pre; }
.error { color: #b00020; font-weight: 600; }
</style>
</head>
<body>
<h1 id="title"></h1>
<p class="sub" id="subtitle"></p>
<nav role="tablist">
<button id="tab-head" role="tab" aria-selected="true">Head view</button>
<button id="tab-model" role="tab" aria-selected="false">Model view</button>
</nav>
<section id="head-view">
<div class="controls">
<label>Layer <select id="layer"></select></label>
<div>Heads<span class="swatches" id="swatches"></span></div>
<div><button class="small" id="all">all heads</button> <button class="small" id="none">none</button></div>
</div>
<p class="hint">A line goes from each query (left: the position predicting the next token) to each key it attends to (right: a position it may look at, itself or earlier), more opaque for more weight, one colour per head. Hover a token to see only its lines, and their weights as numbers (one per head, in its colour); click it to keep them. Click a head's swatch to switch it on or off, double-click it to see it alone.</p>
<div class="hv" id="hv"></div>
</section>
<section id="model-view" hidden>
<p class="hint">Every head of every layer: the query down, the key across, darker for more weight (each row sums to 1). Click one to see it large, with its tokens.</p>
<div class="legend"><span>0</span><canvas id="legend" width="160" height="12"></canvas><span>1</span><span class="masked"></span><span>a key after its query (masked)</span></div>
<div class="grid" id="grid"></div>
</section>
<div class="overlay" id="overlay" hidden>
<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="big-title">
<div class="bar"><h2 id="big-title"></h2>
<button class="small" id="prev" title="previous head (←)">←</button><button class="small" id="next" title="next head (→)">→</button>
<button class="small" id="close" title="close (Esc)">✕</button></div>
<canvas id="big"></canvas>
<div class="readout" id="readout"></div>
</div>
</div>
<script type="application/json" id="attention-data">{{DATA}}</script>
<script>
(function () {
  'use strict';
  var root = document.documentElement;
  function failed(message) {
    if (root.getAttribute('data-rendered') === 'error') return;
    root.setAttribute('data-rendered', 'error');
    var p = document.createElement('p');
    p.className = 'error';
    p.textContent = 'The page could not draw the attention: ' + message;
    document.body.insertBefore(p, document.body.firstChild);
  }
  window.addEventListener('error', function (e) { failed(e.message || 'script error'); });
  try {
    main();
    root.setAttribute('data-rendered', 'ok');
  } catch (e) {
    failed(e && e.message ? e.message : String(e));
  }

  function main() {
    var D = JSON.parse(document.getElementById('attention-data').textContent);
    var T = D.tokens.length, L = D.layers, H = D.heads;
    var ROW = 22, LINES_W = 260;
    var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
                   '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#3949ab', '#ad1457'];
    function color(h) { return H <= PALETTE.length ? PALETTE[h] : 'hsl(' + Math.round(h * 360 / H) + ',68%,44%)'; }
    function w(l, h, q, k) { return k <= q ? D.weights[l][h][q][k] : 0; }
    function label(i) { return D.tokens[i] === '' ? '∅' : D.tokens[i]; }
    function fmt(a, places) { return a === null ? 'nan' : a.toFixed(places); }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function $(id) { return document.getElementById(id); }

    document.title = D.title;
    $('title').textContent = D.title;
    $('subtitle').textContent = D.subtitle;

    // what the URL fragment asks for: #head or #model, &layer=, &heads=, &query= or &key=, &open=L,H
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      if (!part) return;
      var i = part.indexOf('=');
      try {
        if (i < 0) params[decodeURIComponent(part)] = '';
        else params[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
      } catch (e) { /* a malformed fragment is ignored */ }
    });
    function index(text, n) {
      if (text === undefined || !/^\d+$/.test(text)) return null;
      var v = parseInt(text, 10);
      return v < n ? v : null;
    }

    // ── head view ──────────────────────────────────────────────────────────────────────────
    var layer = index(params.layer, L) || 0;
    var on = [];
    for (var h = 0; h < H; h++) on.push(true);
    if (params.heads !== undefined) {
      var wanted = params.heads.split(',').map(function (s) { return index(s, H); }).filter(function (v) { return v !== null; });
      if (wanted.length) on = on.map(function (_, h) { return wanted.indexOf(h) >= 0; });
    }
    var pinned = null, hover = null;
    if (index(params.query, T) !== null) pinned = { side: 'q', i: index(params.query, T) };
    else if (index(params.key, T) !== null) pinned = { side: 'k', i: index(params.key, T) };

    var select = $('layer');
    for (var l = 0; l < L; l++) select.appendChild(el('option', '', String(l))).value = String(l);
    select.value = String(layer);
    select.addEventListener('change', function () { layer = parseInt(select.value, 10); drawHeadView(); });

    var swatches = [];
    for (var h2 = 0; h2 < H; h2++) (function (h) {
      var b = el('button', 'swatch', String(h));
      b.style.setProperty('--c', color(h));
      b.title = 'head ' + h + ': click to switch on or off, double-click to see it alone';
      b.addEventListener('click', function () { on[h] = !on[h]; drawHeadView(); });
      b.addEventListener('dblclick', function () { on = on.map(function (_, j) { return j === h; }); drawHeadView(); });
      swatches.push(b);
      $('swatches').appendChild(b);
    })(h2);
    $('all').addEventListener('click', function () { on = on.map(function () { return true; }); drawHeadView(); });
    $('none').addEventListener('click', function () { on = on.map(function () { return false; }); drawHeadView(); });

    var hv = $('hv');
    ['', 'query', '', 'key', ''].forEach(function (t, i) { hv.appendChild(el('div', 'colhead' + (i === 1 ? ' q' : ''), t)); });
    var numsLeft = el('div', 'col nums left'), queries = el('div', 'col q'), keys = el('div', 'col k'), numsRight = el('div', 'col nums right');
    var canvas = el('canvas', 'lines');
    hv.appendChild(numsLeft); hv.appendChild(queries); hv.appendChild(canvas); hv.appendChild(keys); hv.appendChild(numsRight);
    var qTokens = [], kTokens = [], qNums = [], kNums = [];
    for (var i = 0; i < T; i++) {
      qTokens.push(queries.appendChild(tokenElement(i, 'q')));
      kTokens.push(keys.appendChild(tokenElement(i, 'k')));
      qNums.push(numsLeft.appendChild(el('div', 'n')));
      kNums.push(numsRight.appendChild(el('div', 'n')));
    }
    function tokenElement(i, side) {
      var e = el('div', 'tok', label(i));
      e.title = (side === 'q' ? 'query' : 'key') + ' at position ' + i;
      e.addEventListener('mouseenter', function () { hover = { side: side, i: i }; drawHeadView(); });
      e.addEventListener('mouseleave', function () { hover = null; drawHeadView(); });
      e.addEventListener('click', function () {
        pinned = pinned && pinned.side === side && pinned.i === i ? null : { side: side, i: i };
        drawHeadView();
      });
      return e;
    }
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(LINES_W * ratio);
    canvas.height = Math.round(T * ROW * ratio);
    canvas.style.width = LINES_W + 'px';
    canvas.style.height = T * ROW + 'px';
    var ctx = canvas.getContext('2d');

    function drawHeadView() {
      swatches.forEach(function (b, h) { b.setAttribute('aria-pressed', on[h] ? 'true' : 'false'); });
      var focus = hover || pinned;
      var heads = [];
      on.forEach(function (v, h) { if (v) heads.push(h); });
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, LINES_W, T * ROW);
      ctx.lineWidth = focus ? 2.2 : heads.length > 4 ? 1 : 1.4;
      var x0 = 2, x1 = LINES_W - 2;
      heads.forEach(function (h) {
        ctx.strokeStyle = color(h);
        var rows = D.weights[layer][h];
        for (var q = 0; q < T; q++) {
          if (focus && focus.side === 'q' && focus.i !== q) continue;
          for (var k = 0; k <= q; k++) {
            if (focus && focus.side === 'k' && focus.i !== k) continue;
            var a = rows[q][k];
            if (!(a > 0.003)) continue;
            ctx.globalAlpha = Math.min(1, a);
            ctx.beginPath();
            ctx.moveTo(x0, (q + 0.5) * ROW);
            ctx.lineTo(x1, (k + 0.5) * ROW);
            ctx.stroke();
          }
        }
      });
      ctx.globalAlpha = 1;
      // the focused token, its partners shaded by their largest weight, and the weights as numbers
      for (var i = 0; i < T; i++) {
        [qTokens[i], kTokens[i]].forEach(function (e) { e.classList.remove('focus', 'pinned'); e.style.background = ''; });
        qNums[i].textContent = ''; kNums[i].textContent = '';
      }
      if (pinned) (pinned.side === 'q' ? qTokens : kTokens)[pinned.i].classList.add('pinned');
      if (!focus) return;
      (focus.side === 'q' ? qTokens : kTokens)[focus.i].classList.add('focus');
      var partners = focus.side === 'q' ? kTokens : qTokens, numbers = focus.side === 'q' ? kNums : qNums;
      for (var j = 0; j < T; j++) {
        var q = focus.side === 'q' ? focus.i : j, k = focus.side === 'q' ? j : focus.i;
        if (k > q) continue;
        var most = 0;
        heads.forEach(function (h) {
          var a = w(layer, h, q, k);
          most = Math.max(most, a || 0);
          var s = el('span', '', fmt(a, 3));
          s.style.color = color(h);
          if (a !== null && a < 0.0005) s.style.opacity = '0.35';
          numbers[j].appendChild(s);
        });
        partners[j].style.background = 'rgba(255, 170, 0, ' + (0.55 * most).toFixed(3) + ')';
      }
    }

    // ── model view ─────────────────────────────────────────────────────────────────────────
    var STOPS = [[255, 255, 255], [107, 174, 214], [8, 48, 107]];
    function rgb(v) {
      if (v === null || isNaN(v)) return [230, 0, 120];
      v = Math.max(0, Math.min(1, v));
      var s = v < 0.5 ? 0 : 1, t = (v - 0.5 * s) * 2, a = STOPS[s], b = STOPS[s + 1];
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
    }
    var MASKED = [236, 236, 240];
    function css(c) { return 'rgb(' + Math.round(c[0]) + ',' + Math.round(c[1]) + ',' + Math.round(c[2]) + ')'; }

    var legend = $('legend'), lctx = legend.getContext('2d');
    for (var x = 0; x < legend.width; x++) { lctx.fillStyle = css(rgb(x / (legend.width - 1))); lctx.fillRect(x, 0, 1, legend.height); }

    var grid = $('grid');
    var available = Math.max(360, (document.documentElement.clientWidth || 1200) - 140);
    var thumb = Math.max(36, Math.min(150, Math.floor(available / H) - 8));
    grid.style.gridTemplateColumns = 'max-content repeat(' + H + ', ' + thumb + 'px)';
    grid.appendChild(el('div', 'lab', ''));
    for (var h3 = 0; h3 < H; h3++) grid.appendChild(el('div', 'lab', 'head ' + h3));
    for (var l2 = 0; l2 < L; l2++) {
      grid.appendChild(el('div', 'lab rowlab', 'layer ' + l2));
      for (var h4 = 0; h4 < H; h4++) grid.appendChild(thumbnail(l2, h4));
    }
    function thumbnail(l, h) {
      var c = el('canvas', 'thumb');
      c.width = T; c.height = T;
      c.style.width = thumb + 'px'; c.style.height = thumb + 'px';
      c.title = 'layer ' + l + ', head ' + h;
      c.tabIndex = 0;
      var g = c.getContext('2d'), image = g.createImageData(T, T);
      for (var q = 0; q < T; q++) {
        for (var k = 0; k < T; k++) {
          var p = 4 * (q * T + k), v = k <= q ? rgb(D.weights[l][h][q][k]) : MASKED;
          image.data[p] = v[0]; image.data[p + 1] = v[1]; image.data[p + 2] = v[2]; image.data[p + 3] = 255;
        }
      }
      g.putImageData(image, 0, 0);
      c.addEventListener('click', function () { openBig(l, h); });
      c.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openBig(l, h); } });
      return c;
    }

    // one head, large: tokens along both axes, the weight under the pointer
    var big = null, bigHover = null, geometry = null;
    var overlay = $('overlay'), bigCanvas = $('big'), bctx = bigCanvas.getContext('2d');
    var fontFamily = getComputedStyle(document.body).fontFamily;
    function openBig(l, h) { big = { l: l, h: h }; bigHover = null; overlay.hidden = false; drawBig(); }
    function closeBig() { big = null; overlay.hidden = true; }
    function step(dl, dh) {
      if (!big) return;
      var n = (big.l * H + big.h + dh + L * H) % (L * H);
      var l = (Math.floor(n / H) + dl + L) % L;
      openBig(l, n % H);
    }
    function drawBig() {
      var l = big.l, h = big.h;
      $('big-title').textContent = 'Layer ' + l + ', head ' + h;
      // cells as large as the window allows; labels as large as the cells allow
      function widestAt(size) {
        bctx.font = size + 'px ' + fontFamily;
        var most = 0;
        for (var i = 0; i < T; i++) most = Math.max(most, bctx.measureText(label(i)).width);
        return most;
      }
      var room = Math.min(window.innerWidth - 90, window.innerHeight - 150) - 90;
      var cell = Math.max(8, Math.min(40, Math.floor((room - widestAt(12)) / T)));
      var size = Math.max(8, Math.min(13, cell - 1)), font = size + 'px ' + fontFamily;
      var widest = widestAt(size);
      var upright = widest <= cell;
      var left = 22 + widest + 8, top = 8, side = T * cell;
      var below = (upright ? size + 6 : widest + 10) + 22;
      var width = left + side + 78, height = top + side + below;
      bigCanvas.width = Math.round(width * ratio); bigCanvas.height = Math.round(height * ratio);
      bigCanvas.style.width = width + 'px'; bigCanvas.style.height = height + 'px';
      var g = bctx;
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, width, height);
      for (var q = 0; q < T; q++) {
        for (var k = 0; k < T; k++) {
          g.fillStyle = css(k <= q ? rgb(w(l, h, q, k)) : MASKED);
          g.fillRect(left + k * cell, top + q * cell, cell, cell);
        }
      }
      if (bigHover) {
        g.strokeStyle = '#ff9800'; g.lineWidth = 1.5;
        g.strokeRect(left + 0.5, top + bigHover.q * cell + 0.5, side - 1, cell - 1);
        g.strokeRect(left + bigHover.k * cell + 0.5, top + 0.5, cell - 1, side - 1);
        g.strokeStyle = '#000'; g.lineWidth = 2;
        g.strokeRect(left + bigHover.k * cell + 1, top + bigHover.q * cell + 1, cell - 2, cell - 2);
      }
      g.font = font; g.fillStyle = '#1d1d1f';
      g.textBaseline = 'middle'; g.textAlign = 'right';
      for (var r = 0; r < T; r++) g.fillText(label(r), left - 6, top + (r + 0.5) * cell);
      for (var c = 0; c < T; c++) {
        g.save();
        if (upright) {
          g.textAlign = 'center'; g.textBaseline = 'top';
          g.fillText(label(c), left + (c + 0.5) * cell, top + side + 4);
        } else {
          g.translate(left + (c + 0.5) * cell, top + side + 6);
          g.rotate(-Math.PI / 2);
          g.textAlign = 'right'; g.textBaseline = 'middle';
          g.fillText(label(c), 0, 0);
        }
        g.restore();
      }
      g.font = '12px ' + fontFamily;
      g.fillStyle = '#66666c'; g.textAlign = 'center'; g.textBaseline = 'bottom';
      g.fillText('key (attended to)', left + side / 2, height - 2);
      g.save(); g.translate(12, top + side / 2); g.rotate(-Math.PI / 2); g.textBaseline = 'middle';
      g.fillText('query', 0, 0); g.restore();
      // the colour scale
      var bx = left + side + 22;
      for (var y = 0; y < side; y++) { g.fillStyle = css(rgb(1 - y / Math.max(1, side - 1))); g.fillRect(bx, top + y, 14, 1); }
      g.strokeStyle = '#d8d8de'; g.lineWidth = 1; g.strokeRect(bx + 0.5, top + 0.5, 13, side - 1);
      g.fillStyle = '#1d1d1f'; g.textAlign = 'left'; g.textBaseline = 'middle';
      [[1, '1'], [0.5, '0.5'], [0, '0']].forEach(function (t) { g.fillText(t[1], bx + 19, top + (1 - t[0]) * (side - 1)); });
      geometry = { left: left, top: top, cell: cell };
      var text = 'Point at a cell to read its weight.';
      if (bigHover) {
        var a = w(l, h, bigHover.q, bigHover.k);
        text = 'query ' + bigHover.q + ' «' + label(bigHover.q) + '» → key ' + bigHover.k + ' «' + label(bigHover.k) + '»: ' +
               (bigHover.k > bigHover.q ? 'masked (a later position)' : fmt(a, Math.min(4, D.decimals)));
      }
      $('readout').textContent = text;
    }
    bigCanvas.addEventListener('mousemove', function (e) {
      if (!big || !geometry) return;
      var box = bigCanvas.getBoundingClientRect();
      var k = Math.floor((e.clientX - box.left - geometry.left) / geometry.cell);
      var q = Math.floor((e.clientY - box.top - geometry.top) / geometry.cell);
      var next = q >= 0 && q < T && k >= 0 && k < T ? { q: q, k: k } : null;
      if ((next && bigHover && next.q === bigHover.q && next.k === bigHover.k) || (!next && !bigHover)) return;
      bigHover = next;
      drawBig();
    });
    bigCanvas.addEventListener('mouseleave', function () { if (bigHover) { bigHover = null; drawBig(); } });
    overlay.addEventListener('click', function (e) { if (e.target === overlay) closeBig(); });
    $('close').addEventListener('click', closeBig);
    $('prev').addEventListener('click', function () { step(0, -1); });
    $('next').addEventListener('click', function () { step(0, 1); });
    document.addEventListener('keydown', function (e) {
      if (!big) return;
      if (e.key === 'Escape') closeBig();
      else if (e.key === 'ArrowLeft') step(0, -1);
      else if (e.key === 'ArrowRight') step(0, 1);
      else if (e.key === 'ArrowUp') step(-1, 0);
      else if (e.key === 'ArrowDown') step(1, 0);
      else return;
      e.preventDefault();
    });
    window.addEventListener('resize', function () { if (big) drawBig(); });

    // ── the two views ──────────────────────────────────────────────────────────────────────
    function show(view, remember) {
      $('head-view').hidden = view !== 'head';
      $('model-view').hidden = view !== 'model';
      $('tab-head').setAttribute('aria-selected', view === 'head' ? 'true' : 'false');
      $('tab-model').setAttribute('aria-selected', view === 'model' ? 'true' : 'false');
      if (remember) { try { history.replaceState(null, '', '#' + view); } catch (e) { /* a file: URL may refuse */ } }
    }
    $('tab-head').addEventListener('click', function () { closeBig(); show('head', true); });
    $('tab-model').addEventListener('click', function () { show('model', true); });

    var open = params.open !== undefined ? params.open.split(',') : null;
    var view = 'model' in params || open ? 'model' : 'head';
    drawHeadView();
    show(view, false);
    if (open && open.length === 2 && index(open[0], L) !== null && index(open[1], H) !== null) openBig(index(open[0], L), index(open[1], H));
  }
})();
</script>
</body>
</html>

"""#
}
