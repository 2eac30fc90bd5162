namespace Firmware.Services.Http
{
    /// <summary>
    /// The HTTP date (RFC 9110 §5.6.7, IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT", written from Unix seconds into a
    /// byte array without allocating (the civil date from the day count, proleptic Gregorian calendar).
    /// </summary>
    public static class HttpDate
    {
        /// <summary>Bytes of an IMF-fixdate.</summary>
        public const int Length = 29;

        private static readonly byte[] Days = HttpAscii.Encode("SunMonTueWedThuFriSat");
        private static readonly byte[] Months = HttpAscii.Encode("JanFebMarAprMayJunJulAugSepOctNovDec");

        /// <summary>Writes the date of <paramref name="unixSeconds"/> (at least 0) at <paramref name="offset"/>; returns 29.</summary>
        public static int Write(byte[] b, int offset, long unixSeconds)
        {
            long days = unixSeconds / 86400;
            int secondOfDay = (int)(unixSeconds % 86400);
            int weekday = (int)((days + 4) % 7);  // 1970-01-01 was a Thursday
            // Days to year, month, day (H. Hinnant's civil_from_days, March-based years).
            long z = days + 719468;
            long era = z / 146097;
            int dayOfEra = (int)(z - era * 146097);
            int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            long year = yearOfEra + era * 400;
            int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            int monthIndex = (5 * dayOfYear + 2) / 153;
            int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
            int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
            if (month <= 2)
            {
                year++;
            }
            int at = offset;
            System.Array.Copy(Days, weekday * 3, b, at, 3);
            at += 3;
            b[at++] = (byte)',';
            b[at++] = (byte)' ';
            at = Two(b, at, day);
            b[at++] = (byte)' ';
            System.Array.Copy(Months, (month - 1) * 3, b, at, 3);
            at += 3;
            b[at++] = (byte)' ';
            at = Two(b, at, (int)(year / 100));
            at = Two(b, at, (int)(year % 100));
            b[at++] = (byte)' ';
            at = Two(b, at, secondOfDay / 3600);
            b[at++] = (byte)':';
            at = Two(b, at, secondOfDay / 60 % 60);
            b[at++] = (byte)':';
            at = Two(b, at, secondOfDay % 60);
            b[at++] = (byte)' ';
            b[at++] = (byte)'G';
            b[at++] = (byte)'M';
            b[at++] = (byte)'T';
            return at - offset;
        }

        private static int Two(byte[] b, int at, int value)
        {
            b[at] = (byte)('0' + value / 10 % 10);
            b[at + 1] = (byte)('0' + value % 10);
            return at + 2;
        }
    }
}
