using System;
using System.Reflection;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Interpreter
{
    /// <summary>
    /// Finds the [TestClass]/[TestMethod] tests of the portable test assembly by reflection and runs each, data row by
    /// data row, on a fresh instance with its [Setup] and [Cleanup] around it. Prints, per test:
    /// <c>TEST BEGIN id</c>, then <c>TEST PASS id</c> or <c>TEST FAIL id :: ExceptionType: message</c>; and last
    /// <c>RESULT=PASS|FAIL passed=N failed=M</c>. Ids are those of the host catalog (Namespace.Class.Method, and
    /// <c>#row(args)</c> for a data row), so each interpreter result lines up with the same test on the host.
    /// </summary>
    public static class PortableRunner
    {
        /// <summary>The portable test assembly's name.</summary>
        public const string TestAssembly = "NFUnitTest";

        /// <summary>Tests of the runner itself (a planted failure and throw), run only when that assembly is loaded too.</summary>
        public const string SampleAssembly = "NFUnitTest.Samples";

        private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        private static int s_passed;
        private static int s_failed;

        public static void Main()
        {
            RunAssembly(Assembly.Load(TestAssembly));
            Assembly samples = TryLoad(SampleAssembly);
            if ((object)samples != null)
            {
                RunAssembly(samples);
            }
            Console.WriteLine("RESULT=" + (s_failed == 0 && s_passed > 0 ? "PASS" : "FAIL") + " passed=" + s_passed.ToString()
                + " failed=" + s_failed.ToString());
        }

        private static void RunAssembly(Assembly tests)
        {
            Type[] types = tests.GetTypes();
            for (int t = 0; t < types.Length; t++)
            {
                if (HasAttribute(types[t], typeof(TestClassAttribute)))
                {
                    RunClass(types[t]);
                }
            }
        }

        private static Assembly TryLoad(string name)
        {
            try
            {
                return Assembly.Load(name);
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static void RunClass(Type type)
        {
            MethodInfo[] methods = type.GetMethods(Declared);
            MethodInfo setup = null;
            MethodInfo cleanup = null;
            for (int i = 0; i < methods.Length; i++)
            {
                if (HasAttribute(methods[i], typeof(SetupAttribute))) { setup = methods[i]; }
                if (HasAttribute(methods[i], typeof(CleanupAttribute))) { cleanup = methods[i]; }
            }
            for (int i = 0; i < methods.Length; i++)
            {
                MethodInfo method = methods[i];
                if (!HasAttribute(method, typeof(TestMethodAttribute)))
                {
                    continue;
                }
                string id = type.FullName + "." + method.Name;
                object[] attributes = method.GetCustomAttributes(true);
                int row = 0;
                for (int a = 0; a < attributes.Length; a++)
                {
                    DataRowAttribute data = attributes[a] as DataRowAttribute;
                    if (data != null)
                    {
                        RunOne(type, setup, method, cleanup, data.MethodParameters, id + "#" + row.ToString() + "(" + FormatArgs(data.MethodParameters) + ")");
                        row++;
                    }
                }
                if (row == 0)
                {
                    RunOne(type, setup, method, cleanup, null, id);
                }
            }
        }

        private static void RunOne(Type type, MethodInfo setup, MethodInfo method, MethodInfo cleanup, object[] row, string id)
        {
            Console.WriteLine("TEST BEGIN " + id);
            try
            {
                object instance = null;
                if (!method.IsStatic)
                {
                    ConstructorInfo constructor = type.GetConstructor(new Type[0]);
                    instance = constructor.Invoke(null);
                }
                if ((object)setup != null)
                {
                    setup.Invoke(instance, null);
                }
                try
                {
                    method.Invoke(instance, Arguments(row, method.GetParameters()));
                }
                finally
                {
                    if ((object)cleanup != null)
                    {
                        cleanup.Invoke(instance, null);
                    }
                }
                s_passed++;
                Console.WriteLine("TEST PASS " + id);
            }
            catch (Exception e)
            {
                s_failed++;
                Exception cause = e.InnerException != null ? e.InnerException : e;
                string kind = cause is SkipTestException ? "skipped (counts as a failure)" : cause.GetType().FullName;
                Console.WriteLine("TEST FAIL " + id + " :: " + kind + ": " + OneLine(cause.Message));
            }
        }

        // Attribute arguments keep their literal's type; a parameter of another integral type gets the value converted.
        private static object[] Arguments(object[] row, ParameterInfo[] parameters)
        {
            if (row == null)
            {
                return null;
            }
            object[] args = new object[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                object value = i < row.Length ? row[i] : null;
                Type wanted = parameters[i].ParameterType;
                args[i] = value == null || wanted.IsInstanceOfType(value) ? value : ConvertIntegral(value, wanted);
            }
            return args;
        }

        private static object ConvertIntegral(object value, Type wanted)
        {
            long v = value is int ? (int)value : value is uint ? (uint)value : value is long ? (long)value
                : value is short ? (short)value : value is ushort ? (ushort)value : value is byte ? (byte)value
                : value is sbyte ? (sbyte)value : 0;
            // By name: the interpreter does not promise one Type object per type.
            string name = wanted.FullName;
            if (name == "System.Byte") { return (byte)v; }
            if (name == "System.SByte") { return (sbyte)v; }
            if (name == "System.Int16") { return (short)v; }
            if (name == "System.UInt16") { return (ushort)v; }
            if (name == "System.Int32") { return (int)v; }
            if (name == "System.UInt32") { return (uint)v; }
            if (name == "System.Int64") { return v; }
            return value;
        }

        private static bool HasAttribute(MemberInfo member, Type attribute)
        {
            object[] attributes = member.GetCustomAttributes(true);
            for (int i = 0; i < attributes.Length; i++)
            {
                if (attribute.IsInstanceOfType(attributes[i]))
                {
                    return true;
                }
            }
            return false;
        }

        private static string FormatArgs(object[] values)
        {
            string text = "";
            for (int i = 0; values != null && i < values.Length; i++)
            {
                object v = values[i];
                text += (i > 0 ? ", " : "") + (v == null ? "null" : v is string ? "\"" + (string)v + "\"" : v.ToString());
            }
            return text;
        }

        private static string OneLine(string text)
        {
            if (text == null)
            {
                return "";
            }
            string[] lines = text.Split('\n');
            string joined = lines[0];
            for (int i = 1; i < lines.Length; i++)
            {
                joined += " | " + lines[i];
            }
            return joined;
        }
    }
}
