namespace Firmware.Net.Link
{
    /// <summary>
    /// The IPv4 multicast groups the interface has joined (RFC 1112 §7.2): a small fixed table with a count of users
    /// per group, so two sockets of one group join once and leave once. 224.0.0.1 (all systems) is always a member and
    /// never in the table. Frames are taken when their destination MAC is a joined group's (RFC 1112 §6.4: 01:00:5e and
    /// the group's low 23 bits; 32 groups share each MAC, so the IPv4 layer checks the group itself again).
    /// </summary>
    public sealed class MulticastGroups
    {
        /// <summary>224.0.0.1: all systems on this subnet (RFC 1112 §4); IGMP queries come here.</summary>
        public const uint AllSystems = 0xE0000001;

        /// <summary>224.0.0.2: all routers on this subnet (RFC 2236 §3: leaves go here).</summary>
        public const uint AllRouters = 0xE0000002;

        private readonly uint[] _groups;
        private readonly int[] _users;

        /// <summary>A table of <paramref name="capacity"/> groups (0: only all-systems).</summary>
        public MulticastGroups(int capacity)
        {
            if (capacity < 0)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _groups = new uint[capacity];
            _users = new int[capacity];
        }

        /// <summary>Groups the table can hold.</summary>
        public int Capacity { get { return _groups.Length; } }

        /// <summary>The group in slot <paramref name="slot"/>, 0 when the slot is free.</summary>
        public uint GetGroup(int slot) { return _users[slot] > 0 ? _groups[slot] : 0; }

        /// <summary>The slot of <paramref name="group"/>, or -1 when not joined (always -1 for all-systems).</summary>
        public int IndexOf(uint group)
        {
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_users[i] > 0 && _groups[i] == group)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True when packets to <paramref name="group"/> are for us (all-systems included).</summary>
        public bool Contains(uint group)
        {
            return group == AllSystems || IndexOf(group) >= 0;
        }

        /// <summary>
        /// One more user of <paramref name="group"/>: the slot when this made us join it (the caller reports it), -1 when it
        /// was joined already, -2 when the table is full or it is not a group (224.0.0.0/4; all-systems needs no joining).
        /// </summary>
        public int Join(uint group)
        {
            if (!NetInterface.IsMulticast(group) || group == AllSystems || group == 0xE0000000)
            {
                return -2;
            }
            int free = -1;
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_users[i] > 0 && _groups[i] == group)
                {
                    _users[i]++;
                    return -1;
                }
                if (free < 0 && _users[i] == 0)
                {
                    free = i;
                }
            }
            if (free < 0)
            {
                return -2;
            }
            _groups[free] = group;
            _users[free] = 1;
            return free;
        }

        /// <summary>One user less: the slot when it was the last (the caller sends the leave, then frees it with <see cref="Free"/>), else -1.</summary>
        public int Leave(uint group)
        {
            int slot = IndexOf(group);
            if (slot < 0)
            {
                return -1;
            }
            _users[slot]--;
            if (_users[slot] > 0)
            {
                return -1;
            }
            _users[slot] = 1;
            return slot;
        }

        /// <summary>Frees the slot a last <see cref="Leave"/> returned.</summary>
        public void Free(int slot)
        {
            _users[slot] = 0;
            _groups[slot] = 0;
        }

        /// <summary>True when the destination MAC at <paramref name="offset"/> is all-systems' or a joined group's (RFC 1112 §6.4).</summary>
        public bool AcceptsMac(byte[] frame, int offset)
        {
            if (frame[offset] != 0x01 || frame[offset + 1] != 0x00 || frame[offset + 2] != 0x5E || (frame[offset + 3] & 0x80) != 0)
            {
                return false;
            }
            uint low = ((uint)(frame[offset + 3] & 0x7F) << 16) | ((uint)frame[offset + 4] << 8) | frame[offset + 5];
            if (low == (AllSystems & 0x7FFFFF))
            {
                return true;
            }
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_users[i] > 0 && (_groups[i] & 0x7FFFFF) == low)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Writes the Ethernet address of <paramref name="group"/> (RFC 1112 §6.4) at <paramref name="offset"/>.</summary>
        public static void WriteMac(uint group, byte[] mac, int offset)
        {
            mac[offset] = 0x01;
            mac[offset + 1] = 0x00;
            mac[offset + 2] = 0x5E;
            mac[offset + 3] = (byte)((group >> 16) & 0x7F);
            mac[offset + 4] = (byte)(group >> 8);
            mac[offset + 5] = (byte)group;
        }
    }
}
