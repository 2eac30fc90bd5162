using System.Collections.Generic;
using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.Tests.Runner
{
    /// <summary>
    /// Every [TestMethod] (and every [DataRow]) of the portable test assembly, one xunit case each,
    /// named by the test's full name; a failure shows the assertion's message.
    /// </summary>
    public class PortableTests
    {
        private static readonly Assembly Portable = Assembly.Load("NFUnitTest");
        private readonly ITestOutputHelper _output;

        public PortableTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static IEnumerable<object[]> Cases()
        {
            foreach (string id in TestCatalog.Discover(Portable))
            {
                yield return new object[] { id };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Run(string test)
        {
            string written = TestCatalog.Run(Portable, test);
            if (written.Length > 0)
            {
                _output.WriteLine(written);
            }
        }
    }
}
