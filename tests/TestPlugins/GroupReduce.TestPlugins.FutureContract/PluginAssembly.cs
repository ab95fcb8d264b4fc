using GroupReduce.Abstractions;

// Deliberately not PluginContract.Major: this plugin pretends to be built against contract 2.0.
[assembly: GroupReducePlugin(PluginContract.Major + 1, 0)]
