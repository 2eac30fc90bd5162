using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Fuzz;
using Xunit;

namespace Fuzz.Tests
{
    /// <summary>
    /// Every harness replays its committed corpus (tools/Fuzz/corpus/NAME: seeds from a capture, crafted seeds, and
    /// the minimized input of any crash the fuzzer finds) in-process: no input may throw. With FUZZ_REPLAY_DIR set (a folder of afl-fuzz
    /// output, DIR/NAME/default/queue), its queues are replayed too: the way to measure what a run covered.
    /// </summary>
    public class CorpusTests
    {
        public static IEnumerable<object[]> Harnesses() => Program.Targets().Select(t => new object[] { t.Name });

        [Fact]
        public void EveryHarness_HasACorpus()
        {
            foreach (var target in Program.Targets())
            {
                var dir = Path.Combine(Program.DefaultCorpus(), target.Name);
                Assert.True(Directory.Exists(dir) && Directory.GetFiles(dir).Length > 0, "no corpus for " + target.Name + " at " + dir);
            }
        }

        [Theory]
        [MemberData(nameof(Harnesses))]
        public void Corpus_ReplaysWithoutException(string name)
        {
            var target = Program.Find(name);
            var folders = new List<string> { Path.Combine(Program.DefaultCorpus(), name) };
            string extra = Environment.GetEnvironmentVariable("FUZZ_REPLAY_DIR");
            if (!string.IsNullOrEmpty(extra) && Directory.Exists(Path.Combine(extra, name, "default", "queue")))
            {
                folders.Add(Path.Combine(extra, name, "default", "queue"));
            }
            int inputs = 0;
            foreach (var file in folders.SelectMany(f => Directory.GetFiles(f)).OrderBy(f => f, StringComparer.Ordinal))
            {
                byte[] data = File.ReadAllBytes(file);
                try
                {
                    target.Run(data, data.Length);
                }
                catch (Exception e)
                {
                    Assert.Fail(name + ": " + file + " threw " + e);
                }
                inputs++;
            }
            Assert.True(inputs > 0);
        }
    }
}
