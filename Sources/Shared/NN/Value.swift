import Foundation

/// A scalar that remembers how it was computed, so it can compute its own derivatives: the
/// whole idea of backpropagation in one small type (after karpathy's micrograd).
///
/// Every operation makes a new `Value` holding its inputs and a closure that knows the local
/// derivative of the operation. `backward()` visits the graph from the output back to the
/// inputs (in reverse topological order) and each closure adds (`+=`) its input's share of the
/// gradient: a value used twice collects both contributions.
///
///     let a = Value(2), b = Value(-3)
///     let y = (a * b + a).tanh()        // tanh(−4)
///     y.backward()                      // a.grad = (1 − y²)(b + 1),  b.grad = (1 − y²) a
public final class Value: CustomStringConvertible {
    public var data: Double
    public var grad: Double = 0
    public let op: String
    let inputs: [Value]
    var backwardStep: () -> Void = {}

    public init(_ data: Double, op: String = "", inputs: [Value] = []) {
        self.data = data
        self.op = op
        self.inputs = inputs
    }

    public var description: String { "Value(\(data), grad: \(grad))" }

    public static func + (a: Value, b: Value) -> Value {
        let out = Value(a.data + b.data, op: "+", inputs: [a, b])
        out.backwardStep = { [unowned out] in a.grad += out.grad; b.grad += out.grad }
        return out
    }

    public static func * (a: Value, b: Value) -> Value {
        let out = Value(a.data * b.data, op: "*", inputs: [a, b])
        out.backwardStep = { [unowned out] in a.grad += b.data * out.grad; b.grad += a.data * out.grad }
        return out
    }

    public func pow(_ k: Double) -> Value {
        let out = Value(Foundation.pow(data, k), op: "^\(k)", inputs: [self])
        out.backwardStep = { [unowned out, unowned self] in self.grad += k * Foundation.pow(self.data, k - 1) * out.grad }
        return out
    }

    public func exp() -> Value {
        let out = Value(Foundation.exp(data), op: "exp", inputs: [self])
        out.backwardStep = { [unowned out, unowned self] in self.grad += out.data * out.grad }
        return out
    }

    public func log() -> Value {
        let out = Value(Foundation.log(data), op: "log", inputs: [self])
        out.backwardStep = { [unowned out, unowned self] in self.grad += out.grad / self.data }
        return out
    }

    public func tanh() -> Value {
        let t = Foundation.tanh(data)
        let out = Value(t, op: "tanh", inputs: [self])
        out.backwardStep = { [unowned out, unowned self] in self.grad += (1 - t * t) * out.grad }
        return out
    }

    public func relu() -> Value {
        let out = Value(max(0, data), op: "relu", inputs: [self])
        out.backwardStep = { [unowned out, unowned self] in self.grad += (self.data > 0 ? 1 : 0) * out.grad }
        return out
    }

    public static prefix func - (a: Value) -> Value { a * Value(-1) }
    public static func - (a: Value, b: Value) -> Value { a + (-b) }
    public static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }
    public static func + (a: Value, b: Double) -> Value { a + Value(b) }
    public static func * (a: Value, b: Double) -> Value { a * Value(b) }

    /// Sets this value's gradient to 1 and propagates gradients to everything it depends on.
    public func backward() {
        var order: [Value] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ v: Value) {
            guard seen.insert(ObjectIdentifier(v)).inserted else { return }
            for input in v.inputs { visit(input) }
            order.append(v)
        }
        visit(self)
        for v in order { v.grad = 0 }
        grad = 1
        for v in order.reversed() { v.backwardStep() }
    }
}
