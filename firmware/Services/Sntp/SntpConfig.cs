namespace Firmware.Services.Sntp
{
    /// <summary>Every SNTP client tunable with its unit and default (RFC 4330 §10 for the limits).</summary>
    public class SntpConfig
    {
        /// <summary>
        /// The server's name, looked up through the resolver, when neither DHCP (option 42) nor <see cref="ServerAddress"/>
        /// names one; null for none. Default "pool.ntp.org".
        /// </summary>
        public string ServerName = "pool.ntp.org";

        /// <summary>A server address (host order) to use before the name; 0 for none.</summary>
        public uint ServerAddress;

        /// <summary>The first poll interval after a synchronization, s (RFC 4330 §10: never below 15). Default 64.</summary>
        public int MinPollSeconds = 64;

        /// <summary>The interval doubles after each synchronization (and each failed round) up to this, s. Default 1024.</summary>
        public int MaxPollSeconds = 1024;

        /// <summary>The first request's timeout, ms; each retry in a round doubles it. Default 2000.</summary>
        public int TimeoutMs = 2000;

        /// <summary>Requests per round before the round counts as failed. Default 3.</summary>
        public int Attempts = 3;

        /// <summary>Replies whose root delay or root dispersion exceed this are not trusted, ms (NTP's MAXDISP is 16 s). Default 16000.</summary>
        public int MaxRootDistanceMs = 16000;

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
