using Xunit;

// Each class runs a simulator and kernel peers in its own namespace; on a small shared machine, one at a time
// keeps timing-sensitive peers (ping deadlines, UDP timeouts) from starving each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
