using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class that holds test methods.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute { }

    /// <summary>Marks a test method.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute { }

    /// <summary>Marks a method run before the tests of its class (on the host: before each test, on a fresh instance).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetupAttribute : Attribute { }

    /// <summary>Marks a method run after the tests of its class (on the host: after each test).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CleanupAttribute : Attribute { }

    /// <summary>One set of arguments for a test method; each row is its own test case.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters ?? new object[] { null };
        }

        public object[] MethodParameters { get; }
    }
}
