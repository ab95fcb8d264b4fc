using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>One way to store one group of one matrix: the storage (rank, dense or not, encoding), its exact cost and the weighted squared error it leaves.</summary>
/// <param name="Storage">The storage, as the allocation returns it.</param>
/// <param name="Cost">What it costs, in the request's unit.</param>
/// <param name="Error">The weighted squared error it leaves: the spectrum's tail plus what the encoding adds.</param>
internal readonly record struct StorageOption(GroupRank Storage, long Cost, double Error);
