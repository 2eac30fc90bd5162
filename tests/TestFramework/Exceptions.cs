using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by a failed assertion; its message is what the test report shows.</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException(string message) : base(message) { }
    }

    /// <summary>Thrown by <see cref="Assert.SkipTest"/>. The host runner reports it as a failure that says why: a check that did not run never passes silently.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message) : base(message) { }
    }
}
