using Firmware.ChipEmulators;
using Xunit;

namespace Firmware.Drivers.Tests
{
    /// <summary>The emulators themselves, spoken to in raw SPI frames as the datasheets describe them.</summary>
    public class ChipEmulatorTests
    {
        private static byte[] W5500Read(W5500Emulator chip, int address, int block, int length, int mode = 0)
        {
            byte[] write = new byte[3 + length];
            byte[] read = new byte[3 + length];
            write[0] = (byte)(address >> 8);
            write[1] = (byte)address;
            write[2] = (byte)((block << 3) | mode);
            chip.TransferFullDuplex(write, read, write.Length);
            return read;
        }

        private static void W5500Write(W5500Emulator chip, int address, int block, params byte[] data)
        {
            byte[] write = new byte[3 + data.Length];
            write[0] = (byte)(address >> 8);
            write[1] = (byte)address;
            write[2] = (byte)((block << 3) | 0x04);
            data.CopyTo(write, 3);
            chip.TransferFullDuplex(write, null, write.Length);
        }

        [Fact]
        public void W5500_VersionAndResetValues_AsTheDatasheetLists()
        {
            var chip = new W5500Emulator();

            Assert.Equal(0x04, W5500Read(chip, 0x0039, 0, 1)[3]);          // VERSIONR
            Assert.Equal(0x02, W5500Read(chip, 0x001E, 1, 1)[3]);          // S0_RXBUF_SIZE: 2 KB
            Assert.Equal(0x08, W5500Read(chip, 0x0020, 1, 2)[3]);          // S0_TX_FSR = 0x0800
            Assert.Equal(0x00, W5500Read(chip, 0x0003, 1, 1)[3]);          // SOCK_CLOSED
            Assert.Equal(0x01, W5500Read(chip, 0x002E, 0, 1)[3] & 0x01);   // PHYCFGR.LNK
        }

        [Fact]
        public void W5500_FixedLengthMode_ReadsOnlyOneByteWhateverTheFrameLength()
        {
            var chip = new W5500Emulator();
            W5500Write(chip, 0x0009, 0, 1, 2, 3, 4, 5, 6);

            byte[] variable = W5500Read(chip, 0x0009, 0, 4);
            byte[] fixedOne = W5500Read(chip, 0x0009, 0, 4, mode: 1);

            Assert.Equal(new byte[] { 1, 2, 3, 4 }, variable[3..]);
            Assert.Equal(new byte[] { 1, 0, 0, 0 }, fixedOne[3..]);
        }

        [Fact]
        public void W5500_BufferOffsetsWrapInsideTheSocketBuffer()
        {
            var chip = new W5500Emulator(); // 2 KB per socket after reset
            W5500Write(chip, 0x07FF, 2, 0xAA, 0xBB);      // socket 0 TX buffer, across its end

            Assert.Equal(0xAA, W5500Read(chip, 0x07FF, 2, 1)[3]);
            Assert.Equal(0xBB, W5500Read(chip, 0x0000, 2, 1)[3]);
            Assert.Equal(0xBB, W5500Read(chip, 0x8800, 2, 1)[3]);  // any 16-bit offset, masked to 2 KB
            Assert.Equal(0x00, W5500Read(chip, 0x0000, 6, 1)[3]);  // socket 1's TX buffer is elsewhere
        }

        [Fact]
        public void W5500_CommandRegister_ClearsAfterTheCommand()
        {
            var chip = new W5500Emulator();
            W5500Write(chip, 0x0000, 1, 0x04);  // S0_MR = MACRAW
            W5500Write(chip, 0x0001, 1, 0x01);  // OPEN

            Assert.Equal(0x00, W5500Read(chip, 0x0001, 1, 1)[3]);
            Assert.Equal(0x42, W5500Read(chip, 0x0003, 1, 1)[3]);
            W5500Write(chip, 0x0000, 5, 0x04);  // S1_MR = MACRAW: only socket 0 can
            W5500Write(chip, 0x0001, 5, 0x01);
            Assert.Equal(0x00, W5500Read(chip, 0x0003, 5, 1)[3]);
        }

        [Fact]
        public void Enc28j60_MacRegisterRead_ShiftsOutADummyByteFirst()
        {
            var chip = new Enc28j60Emulator();
            chip.TransferFullDuplex(new byte[] { 0x80 | 0x1F, 0x02 }, null, 2);      // BFS ECON1: bank 2
            chip.TransferFullDuplex(new byte[] { 0x40 | 0x0A, 0xEE }, null, 2);      // WCR MAMXFLL
            byte[] read = new byte[3];

            chip.TransferFullDuplex(new byte[] { 0x0A, 0, 0 }, read, 3);              // RCR MAMXFLL

            Assert.Equal(0x00, read[1]);
            Assert.Equal(0xEE, read[2]);
        }

        [Fact]
        public void Enc28j60_ClockReady_ClearForTheFirstReadsAfterReset()
        {
            var chip = new Enc28j60Emulator();
            chip.TransferFullDuplex(new byte[] { 0xFF }, null, 1);
            byte[] read = new byte[2];

            chip.TransferFullDuplex(new byte[] { 0x1D, 0 }, read, 2);
            int first = read[1] & 0x01;
            chip.TransferFullDuplex(new byte[] { 0x1D, 0 }, read, 2);
            chip.TransferFullDuplex(new byte[] { 0x1D, 0 }, read, 2);

            Assert.Equal(0, first);
            Assert.Equal(1, read[1] & 0x01);
        }

        [Fact]
        public void Enc28j60_ReceiveReadPointer_LowByteBufferedUntilHighByte()
        {
            var chip = new Enc28j60Emulator();
            int before = chip.PeekPointer(0x0C);
            chip.TransferFullDuplex(new byte[] { 0x40 | 0x0C, 0x33 }, null, 2);

            Assert.Equal(before, chip.PeekPointer(0x0C));
            chip.TransferFullDuplex(new byte[] { 0x40 | 0x0D, 0x01 }, null, 2);
            Assert.Equal(0x0133, chip.PeekPointer(0x0C));
            Assert.Equal(0, chip.EvenReceiveReadPointerWrites);
        }
    }
}
