using GroupReduce.Abstractions;

[assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]
