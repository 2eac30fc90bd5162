using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Assertions on arrays, element by element.</summary>
    public static class CollectionAssert
    {
        public static void AreEqual(Array expected, Array actual, string message = "")
        {
            if (expected == null || actual == null)
            {
                if (expected != actual) Assert.Fail("CollectionAssert.AreEqual", "one of the collections is null", message);
                return;
            }
            if (expected.Length != actual.Length)
            {
                Assert.Fail("CollectionAssert.AreEqual", "lengths differ: expected " + expected.Length + ", actual " + actual.Length, message);
            }
            for (int i = 0; i < expected.Length; i++)
            {
                object e = expected.GetValue(i);
                object a = actual.GetValue(i);
                if (!Equals(e, a))
                {
                    Assert.Fail("CollectionAssert.AreEqual", "element " + i + " differs: expected <" + Assert.Show(e) + ">, actual <" + Assert.Show(a) + ">", message);
                }
            }
        }

        public static void AreNotEqual(Array notExpected, Array actual, string message = "")
        {
            try
            {
                AreEqual(notExpected, actual);
            }
            catch (AssertFailedException)
            {
                return;
            }
            Assert.Fail("CollectionAssert.AreNotEqual", "collections are equal", message);
        }
    }
}
