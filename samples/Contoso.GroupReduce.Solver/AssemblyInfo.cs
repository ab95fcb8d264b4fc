using GroupReduce.Abstractions;

// The contract version is copied in at compile time, so the host can refuse an incompatible build before loading it.
[assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]
