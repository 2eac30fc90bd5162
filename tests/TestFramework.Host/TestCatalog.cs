using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Finds the portable tests of an assembly and runs one by its id, so a host runner can report every test
    /// method, and every data row, as its own test case. Ids: <c>Namespace.Class.Method</c>, or
    /// <c>Namespace.Class.Method#2(args)</c> for the third data row.
    /// </summary>
    public static class TestCatalog
    {
        // xunit runs test classes in parallel: each thread captures its own test's output.
        [ThreadStatic] private static StringBuilder s_output;

        static TestCatalog()
        {
            OutputHelper.Writer = text =>
            {
                if (s_output != null) s_output.Append(text);
                else Console.Write(text);
            };
        }

        public static IEnumerable<string> Discover(Assembly assembly)
        {
            var ids = new List<string>();
            foreach (Type type in assembly.GetTypes())
            {
                if (type.GetCustomAttribute<TestClassAttribute>() == null) continue;
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<TestMethodAttribute>() == null) continue;
                    string id = type.FullName + "." + method.Name;
                    var rows = new List<DataRowAttribute>(method.GetCustomAttributes<DataRowAttribute>());
                    if (rows.Count == 0)
                    {
                        ids.Add(id);
                        continue;
                    }
                    for (int i = 0; i < rows.Count; i++)
                    {
                        ids.Add(id + "#" + i + "(" + FormatArgs(rows[i].MethodParameters) + ")");
                    }
                }
            }
            ids.Sort(StringComparer.Ordinal);
            return ids;
        }

        /// <summary>Runs one test case: Setup, the method (with its data row), Cleanup. Returns what it wrote with OutputHelper; throws what it threw.</summary>
        public static string Run(Assembly assembly, string id)
        {
            int hash = id.IndexOf('#');
            string path = hash < 0 ? id : id.Substring(0, hash);
            int row = -1;
            if (hash >= 0)
            {
                int open = id.IndexOf('(', hash);
                row = int.Parse(id.Substring(hash + 1, open - hash - 1), CultureInfo.InvariantCulture);
            }
            int dot = path.LastIndexOf('.');
            Type type = assembly.GetType(path.Substring(0, dot), throwOnError: true);
            MethodInfo method = type.GetMethod(path.Substring(dot + 1), BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
            if (method == null) throw new InvalidOperationException("no test method " + id);

            object[] args = null;
            if (row >= 0)
            {
                var rows = new List<DataRowAttribute>(method.GetCustomAttributes<DataRowAttribute>());
                args = Convert(rows[row].MethodParameters, method.GetParameters());
            }

            object instance = type.IsAbstract && type.IsSealed ? null : Activator.CreateInstance(type);
            var output = new StringBuilder();
            s_output = output;
            try
            {
                InvokeMarked(type, instance, typeof(SetupAttribute));
                try
                {
                    Invoke(method, instance, args);
                }
                finally
                {
                    InvokeMarked(type, instance, typeof(CleanupAttribute));
                }
            }
            catch (SkipTestException e)
            {
                // Never a silent pass: a test that could not run fails and says why.
                throw new AssertFailedException("skipped (counts as a failure on the host): " + e.Message);
            }
            finally
            {
                s_output = null;
            }
            return output.ToString();
        }

        private static void InvokeMarked(Type type, object instance, Type attribute)
        {
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (m.IsDefined(attribute, false)) Invoke(m, instance, null);
            }
        }

        private static void Invoke(MethodInfo method, object instance, object[] args)
        {
            try
            {
                method.Invoke(method.IsStatic ? null : instance, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }

        private static object[] Convert(object[] values, ParameterInfo[] parameters)
        {
            var args = new object[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                object v = i < values.Length ? values[i] : null;
                Type t = parameters[i].ParameterType;
                args[i] = v == null || t.IsInstanceOfType(v) ? v : System.Convert.ChangeType(v, t, CultureInfo.InvariantCulture);
            }
            return args;
        }

        private static string FormatArgs(object[] values)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                object v = values[i];
                sb.Append(v == null ? "null" : v is string s ? "\"" + s + "\"" : System.Convert.ToString(v, CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
