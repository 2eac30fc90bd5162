namespace Firmware.Services.Sntp
{
    /// <summary>Every SNTP client tunable with its unit and default (RFC 4330 §10 for the limits).</summary>
    public class SntpConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[6];

        /// <summary>The defaults (each member says its own).</summary>
        public SntpConfig()
        {
            MinPollSeconds = 64;
            MaxPollSeconds = 1024;
            TimeoutMs = 2000;
            Attempts = 3;
            MaxRootDistanceMs = 16000;
        }

        /// <summary>
        /// The server's name, looked up through the resolver, when neither DHCP (option 42) nor <see cref="ServerAddress"/>
        /// names one; null for none. Default "pool.ntp.org".
        /// </summary>
        public string ServerName = "pool.ntp.org";

        /// <summary>A server address (host order) to use before the name; 0 for none.</summary>
        public uint ServerAddress { get { return (uint)_values[0]; } set { _values[0] = (int)value; } }

        /// <summary>The first poll interval after a synchronization, s (RFC 4330 §10: never below 15). Default 64.</summary>
        public int MinPollSeconds { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>The interval doubles after each synchronization (and each failed round) up to this, s. Default 1024.</summary>
        public int MaxPollSeconds { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>The first request's timeout, ms; each retry in a round doubles it. Default 2000.</summary>
        public int TimeoutMs { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Requests per round before the round counts as failed. Default 3.</summary>
        public int Attempts { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Replies whose root delay or root dispersion exceed this are not trusted, ms (NTP's MAXDISP is 16 s). Default 16000.</summary>
        public int MaxRootDistanceMs { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Checks the values; throws on a bad one (configuration is API misuse).</summary>
        public void Validate()
        {
            if (MinPollSeconds < 15 || MaxPollSeconds < MinPollSeconds || TimeoutMs < 1 || Attempts < 1 || MaxRootDistanceMs < 0)
            {
                throw new System.ArgumentException("SntpConfig");
            }
        }
    }
}
