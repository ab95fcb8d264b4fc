using GroupReduce.Abstractions;

// The host loads only assemblies marked with the contract version they were built against.
[assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]
