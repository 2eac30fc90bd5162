using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// nanoFramework.TestFramework's assertions, with its typed overloads, so a call binds the same way on the
    /// host as on the device. A failure throws <see cref="AssertFailedException"/> with the message.
    /// </summary>
    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(sbyte expected, sbyte actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(ushort expected, ushort actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(float expected, float actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(float notExpected, float actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!Equals(expected, actual)) Fail("AreEqual", "expected <" + Show(expected) + ">, actual <" + Show(actual) + ">", message);
        }

        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual)) Fail("AreNotEqual", "both <" + Show(actual) + ">", message);
        }

        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition) Fail("IsTrue", "was false", message);
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition) Fail("IsFalse", "was true", message);
        }

        public static void IsNull(object value, string message = "")
        {
            if (value != null) Fail("IsNull", "was <" + Show(value) + ">", message);
        }

        public static void IsNotNull(object value, string message = "")
        {
            if (value == null) Fail("IsNotNull", "was null", message);
        }

        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual)) Fail("AreSame", "different instances", message);
        }

        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual)) Fail("AreNotSame", "same instance", message);
        }

        public static void Contains(string expected, string actual, string message = "")
        {
            if (actual == null || expected == null || actual.IndexOf(expected) < 0)
                Fail("Contains", "<" + Show(actual) + "> does not contain <" + Show(expected) + ">", message);
        }

        public static void StartsWith(string expected, string actual, string message = "")
        {
            if (actual == null || expected == null || !actual.StartsWith(expected))
                Fail("StartsWith", "<" + Show(actual) + "> does not start with <" + Show(expected) + ">", message);
        }

        public static void EndsWith(string expected, string actual, string message = "")
        {
            if (actual == null || expected == null || !actual.EndsWith(expected))
                Fail("EndsWith", "<" + Show(actual) + "> does not end with <" + Show(expected) + ">", message);
        }

        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (exceptionType.IsInstanceOfType(e)) return;
                Fail("ThrowsException", "expected " + exceptionType.Name + ", got " + e.GetType().Name + ": " + e.Message, message);
            }
            Fail("ThrowsException", "expected " + exceptionType.Name + ", nothing was thrown", message);
        }

        public static void SkipTest(string message = "")
        {
            throw new SkipTestException(message);
        }

        internal static void Fail(string assertion, string detail, string message)
        {
            throw new AssertFailedException("Assert." + assertion + " failed: " + detail + (string.IsNullOrEmpty(message) ? "" : ". " + message));
        }

        internal static string Show(object value)
        {
            return value == null ? "null" : value.ToString();
        }
    }
}
