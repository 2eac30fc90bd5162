using Firmware.Net.Link;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Link
{
    [TestClass]
    public class NetInterfaceTests
    {
        private static NetInterface Make(uint address, int prefix, uint gateway)
        {
            NetInterface i = new NetInterface(new byte[] { 2, 0, 0, 0, 0, 2 });
            i.Configure(address, prefix, gateway);
            return i;
        }

        [TestMethod]
        public void Prefix24_MaskBroadcastOnLink()
        {
            NetInterface i = Make(0x0A000002, 24, 0x0A0000FE);
            Assert.AreEqual(0xFFFFFF00, i.SubnetMask);
            Assert.AreEqual((uint)0x0A0000FF, i.SubnetBroadcast);
            Assert.IsTrue(i.IsOnLink(0x0A000063));
            Assert.IsFalse(i.IsOnLink(0x0A000163));
            Assert.AreEqual((uint)0x0A000063, i.NextHop(0x0A000063));
            Assert.AreEqual((uint)0x0A0000FE, i.NextHop(0x08080808));
        }

        [TestMethod]
        public void Accepts_OursAndBothBroadcasts_NotOthers()
        {
            NetInterface i = Make(0x0A000002, 24, 0);
            Assert.IsTrue(i.Accepts(0x0A000002));
            Assert.IsTrue(i.Accepts(0xFFFFFFFF));
            Assert.IsTrue(i.Accepts(0x0A0000FF));
            Assert.IsFalse(i.Accepts(0x0A000003));
            Assert.IsFalse(i.Accepts(0xE0000001));
            Assert.AreEqual((uint)0, i.NextHop(0x08080808));
        }

        [TestMethod]
        public void Unconfigured_OnlyLimitedBroadcast()
        {
            NetInterface i = new NetInterface(new byte[] { 2, 0, 0, 0, 0, 2 });
            Assert.IsTrue(i.Accepts(0xFFFFFFFF));
            Assert.IsFalse(i.Accepts(0));
            Assert.IsFalse(i.IsOnLink(0x0A000001));
        }

        [TestMethod]
        [DataRow(0, 0x00000000u)]
        [DataRow(8, 0xFF000000u)]
        [DataRow(30, 0xFFFFFFFCu)]
        [DataRow(32, 0xFFFFFFFFu)]
        public void Prefix_ToMask(int prefix, uint mask)
        {
            Assert.AreEqual(mask, Make(0x0A000002, prefix, 0).SubnetMask);
        }

        [TestMethod]
        public void Prefix33_Throws()
        {
            NetInterface i = new NetInterface(new byte[] { 2, 0, 0, 0, 0, 2 });
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => i.Configure(1, 33, 0));
        }

        [TestMethod]
        public void CheckConfiguration_HostAddressesPass()
        {
            Assert.IsNull(NetInterface.CheckConfiguration(0x0A000002, 24, 0));
            Assert.IsNull(NetInterface.CheckConfiguration(0x0A000002, 24, 0x0A000001));
            Assert.IsNull(NetInterface.CheckConfiguration(0xC0A80165, 30, 0xC0A80166));
            Assert.IsNull(NetInterface.CheckConfiguration(0xAC100A0A, 12, 0));
        }

        [TestMethod]
        [DataRow(0x00000000u, 24, 0u, "0.0.0.0 means 'this host'")]
        [DataRow(0x7F000002u, 8, 0u, "loopback")]
        [DataRow(0xE00000FBu, 24, 0u, "multicast")]
        [DataRow(0xF0000001u, 24, 0u, "reserved (240.0.0.0/4)")]
        [DataRow(0xFFFFFFFFu, 24, 0u, "reserved (240.0.0.0/4) or the limited broadcast")]
        [DataRow(0x00000005u, 24, 0u, "0.0.0.0/8")]
        [DataRow(0x0A000000u, 24, 0u, "subnet's own address")]
        [DataRow(0x0A0000FFu, 24, 0u, "subnet's broadcast address")]
        [DataRow(0x0A000002u, 0, 0u, "prefix /0")]
        [DataRow(0x0A000002u, 31, 0u, "prefix /31")]
        [DataRow(0x0A000002u, 32, 0u, "prefix /32")]
        [DataRow(0x0A000002u, 40, 0u, "1 to 30 bits")]
        [DataRow(0x0A000002u, 24, 0x0A000102u, "gateway is not on the device's subnet")]
        [DataRow(0x0A000002u, 24, 0x0A000002u, "gateway is the device's own address")]
        [DataRow(0x0A000002u, 24, 0x0A0000FFu, "gateway is the subnet's broadcast address")]
        public void CheckConfiguration_RefusedWithTheReason(uint address, int prefix, uint gateway, string reason)
        {
            string problem = NetInterface.CheckConfiguration(address, prefix, gateway);
            Assert.IsNotNull(problem);
            Assert.Contains(reason, problem);
        }
    }
}
