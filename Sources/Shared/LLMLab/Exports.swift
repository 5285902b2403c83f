// One import for lessons and tools: `import LLMLab` brings every layer of the core. The
// core's own targets import only the layers they use.
@_exported import LabBase
@_exported import LabText
@_exported import LabNN
@_exported import LabOptim
@_exported import LabFormats
@_exported import LabReport
@_exported import LabTrain
@_exported import LabChat
@_exported import LabExperiments
