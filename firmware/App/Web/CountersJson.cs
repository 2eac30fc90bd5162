using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;
using Firmware.Services.Http;
using Firmware.Services.Sntp;

namespace Firmware.App.Web
{
    /// <summary>
    /// /api/counters: every layer's counters as one JSON object (<c>{"uptimeMs":…,"eth":{…},"arp":{…},…}</c>), a layer a
    /// piece, so the document may be far larger than the response buffer.
    /// </summary>
    public sealed class CountersJson : JsonStreamSource
    {
        private readonly DeviceApp _app;

        public CountersJson(DeviceApp app, int slots) : this(app, slots, null)
        {
        }

        /// <summary>As above, writing with <paramref name="writer"/> (shared with the other JSON documents; null: its own).</summary>
        public CountersJson(DeviceApp app, int slots, JsonWriter writer) : base(slots, 640, writer)
        {
            _app = app;
        }

        protected override bool WritePiece(int slot, int index, JsonWriter json)
        {
            NetworkStack stack = _app.Stack;
            switch (index)
            {
                case 0:
                    json.WriteAscii("{\"uptimeMs\":");
                    json.WriteDecimal(_app.UptimeMs);
                    return true;
                case 1:
                    EthernetCounters e = stack.EthernetCounters;
                    Begin(json, "eth");
                    json.Property("framesIn", e.FramesIn);
                    json.Property("framesOut", e.FramesOut);
                    json.Property("bytesIn", e.BytesIn);
                    json.Property("bytesOut", e.BytesOut);
                    json.Property("transmitFailures", e.TransmitFailures);
                    json.Property("droppedTooShort", e.DroppedTooShort);
                    json.Property("droppedNotForUs", e.DroppedNotForUs);
                    json.Property("droppedVlan", e.DroppedVlan);
                    json.Property("droppedUnknownType", e.DroppedUnknownType);
                    return json.EndObject();
                case 2:
                    ArpCounters a = stack.ArpCounters;
                    Begin(json, "arp");
                    json.Property("requestsIn", a.RequestsIn);
                    json.Property("repliesIn", a.RepliesIn);
                    json.Property("requestsOut", a.RequestsOut);
                    json.Property("repliesOut", a.RepliesOut);
                    json.Property("gratuitousOut", a.GratuitousOut);
                    json.Property("malformed", a.Malformed);
                    json.Property("conflicts", a.Conflicts);
                    json.Property("cacheFull", a.CacheFull);
                    json.Property("expired", a.Expired);
                    json.Property("resolutionFailures", a.ResolutionFailures);
                    json.Property("parked", a.Parked);
                    json.Property("parkedSent", a.ParkedSent);
                    json.Property("parkedDropped", a.ParkedDropped);
                    return json.EndObject();
                case 3:
                    Ipv4Counters ip = stack.Ipv4Counters;
                    Begin(json, "ip");
                    json.Property("packetsIn", ip.PacketsIn);
                    json.Property("delivered", ip.Delivered);
                    json.Property("packetsOut", ip.PacketsOut);
                    json.Property("badHeader", ip.BadHeader);
                    json.Property("badLength", ip.BadLength);
                    json.Property("badChecksum", ip.BadChecksum);
                    json.Property("badSource", ip.BadSource);
                    json.Property("notForUs", ip.NotForUs);
                    json.Property("unknownProtocol", ip.UnknownProtocol);
                    json.Property("fragmentsIn", ip.FragmentsIn);
                    json.Property("reassembled", ip.Reassembled);
                    json.Property("reassemblyFailures", ip.ReassemblyFailures);
                    json.Property("reassemblyPoolFull", ip.ReassemblyPoolFull);
                    json.Property("fragmentsOut", ip.FragmentsOut);
                    json.Property("outputDropped", ip.OutputDropped);
                    return json.EndObject();
                case 4:
                    IcmpCounters icmp = stack.IcmpCounters;
                    Begin(json, "icmp");
                    json.Property("echoRequestsIn", icmp.EchoRequestsIn);
                    json.Property("echoRepliesIn", icmp.EchoRepliesIn);
                    json.Property("unreachableIn", icmp.DestinationUnreachableIn);
                    json.Property("timeExceededIn", icmp.TimeExceededIn);
                    json.Property("otherIn", icmp.OtherIn);
                    json.Property("malformed", icmp.Malformed);
                    json.Property("broadcastEchoIgnored", icmp.BroadcastEchoIgnored);
                    json.Property("echoRepliesOut", icmp.EchoRepliesOut);
                    json.Property("echoRequestsOut", icmp.EchoRequestsOut);
                    json.Property("unreachableOut", icmp.DestinationUnreachableOut);
                    json.Property("timeExceededOut", icmp.TimeExceededOut);
                    json.Property("rateLimited", icmp.ErrorsRateLimited);
                    return json.EndObject();
                case 5:
                    UdpCounters u = stack.UdpCounters;
                    Begin(json, "udp");
                    json.Property("datagramsIn", u.DatagramsIn);
                    json.Property("datagramsOut", u.DatagramsOut);
                    json.Property("noPort", u.NoPort);
                    json.Property("badChecksum", u.BadChecksum);
                    json.Property("malformed", u.Malformed);
                    json.Property("bufferFull", u.BufferFull);
                    json.Property("readTooSmall", u.ReadTooSmall);
                    json.Property("sendFailures", u.SendFailures);
                    json.Property("tableFull", u.TableFull);
                    return json.EndObject();
                case 6:
                case 7:
                case 8:
                    return _app.Tcp == null || WriteTcp(json, _app.Tcp.Counters, index - 6);
                case 9:
                    return _app.Http == null || WriteHttp(json, _app.Http.Counters);
                case 10:
                    return _app.Dhcp == null || WriteDhcp(json, _app.Dhcp.Counters);
                case 11:
                    return _app.Resolver == null || WriteDns(json, _app.Resolver.Counters);
                case 12:
                case 13:
                    return _app.DnsServer == null || WriteDnsServer(json, _app.DnsServer.Counters, index - 12);
                case 14:
                    return _app.Mdns == null || WriteMdns(json, _app.Mdns.Counters, _app.Stack.IgmpCounters);
                case 15:
                    return _app.Sntp == null || WriteSntp(json, _app.Sntp.Counters);
                case 16:
                    return json.WriteAscii("}");
                default:
                    return false;
            }
        }

        // ,"name":{ — a layer's members follow at depth 1 of a fresh writer.
        private static void Begin(JsonWriter json, string layer)
        {
            json.WriteAscii(",\"");
            json.WriteAscii(layer);
            json.WriteAscii("\":");
            json.BeginObject();
        }

        // TCP has the most counters: three pieces, so each fits the piece buffer even with every counter at its largest.
        private static bool WriteTcp(JsonWriter json, TcpCounters t, int part)
        {
            if (part == 0)
            {
                Begin(json, "tcp");
                json.Property("activeOpens", t.ActiveOpens);
                json.Property("passiveOpens", t.PassiveOpens);
                json.Property("attemptFails", t.AttemptFails);
                json.Property("establishedResets", t.EstablishedResets);
                json.Property("segmentsIn", t.SegmentsIn);
                json.Property("segmentsOut", t.SegmentsOut);
                json.Property("retransmitted", t.Retransmitted);
                json.Property("badChecksum", t.BadChecksum);
                json.Property("malformed", t.Malformed);
                json.Property("badOptions", t.BadOptions);
                json.Property("outOfOrder", t.OutOfOrder);
                json.Property("outOfOrderDropped", t.OutOfOrderDropped);
                return true;
            }
            json.ResumeObject();
            if (part == 1)
            {
                json.Property("notAcceptable", t.NotAcceptable);
                json.Property("duplicateAcks", t.DuplicateAcks);
                json.Property("fastRetransmits", t.FastRetransmits);
                json.Property("timeouts", t.Timeouts);
                json.Property("challengeAcks", t.ChallengeAcks);
                json.Property("challengeAcksSuppressed", t.ChallengeAcksSuppressed);
                json.Property("resetsIgnored", t.ResetsIgnored);
                json.Property("resetsSent", t.ResetsSent);
                json.Property("resetsSuppressed", t.ResetsSuppressed);
                json.Property("synCookiesSent", t.SynCookiesSent);
                json.Property("synCookiesAccepted", t.SynCookiesAccepted);
                json.Property("synCookiesRejected", t.SynCookiesRejected);
                return true;
            }
            json.Property("earlyRetransmits", t.EarlyRetransmits);
            json.Property("limitedTransmits", t.LimitedTransmits);
            json.Property("tailLossProbes", t.TailLossProbes);
            json.Property("synCookieAcksDeferred", t.SynCookieAcksDeferred);
            json.Property("badFlags", t.BadFlags);
            json.Property("backlogDrops", t.BacklogDrops);
            json.Property("synDropped", t.SynDropped);
            json.Property("orphansReclaimed", t.OrphansReclaimed);
            json.Property("tableFull", t.TableFull);
            json.Property("timeWaitReused", t.TimeWaitReused);
            json.Property("timeWaitEvicted", t.TimeWaitEvicted);
            json.Property("timedOut", t.TimedOut);
            json.Property("windowProbes", t.WindowProbes);
            json.Property("keepAlives", t.KeepAlives);
            json.Property("sendFailures", t.SendFailures);
            return json.EndObject();
        }

        private static bool WriteDhcp(JsonWriter json, DhcpCounters d)
        {
            Begin(json, "dhcp");
            json.Property("discoversOut", d.DiscoversOut);
            json.Property("requestsOut", d.RequestsOut);
            json.Property("declinesOut", d.DeclinesOut);
            json.Property("releasesOut", d.ReleasesOut);
            json.Property("offersIn", d.OffersIn);
            json.Property("acksIn", d.AcksIn);
            json.Property("naksIn", d.NaksIn);
            json.Property("malformed", d.Malformed);
            json.Property("foreign", d.Foreign);
            json.Property("unexpected", d.Unexpected);
            json.Property("tooLong", d.TooLong);
            json.Property("configRefused", d.ConfigRefused);
            json.Property("leases", d.Leases);
            json.Property("renewals", d.Renewals);
            json.Property("expirations", d.Expirations);
            json.Property("restarts", d.Restarts);
            json.Property("addressConflicts", d.AddressConflicts);
            json.Property("linkLocalAddresses", d.LinkLocalAddresses);
            json.Property("linkLocalConflicts", d.LinkLocalConflicts);
            json.Property("staticFallbacks", d.StaticFallbacks);
            json.Property("moved", d.Moves);
            return json.EndObject();
        }

        private static bool WriteDns(JsonWriter json, DnsResolverCounters d)
        {
            Begin(json, "dns");
            json.Property("lookups", d.Lookups);
            json.Property("cacheHits", d.CacheHits);
            json.Property("negativeHits", d.NegativeHits);
            json.Property("queriesOut", d.QueriesOut);
            json.Property("responsesIn", d.ResponsesIn);
            json.Property("resolved", d.Resolved);
            json.Property("notFound", d.NotFound);
            json.Property("failed", d.Failed);
            json.Property("timeouts", d.Timeouts);
            json.Property("serverFailures", d.ServerFailures);
            json.Property("mismatchedId", d.MismatchedId);
            json.Property("mismatchedQuestion", d.MismatchedQuestion);
            json.Property("mismatchedSource", d.MismatchedSource);
            json.Property("malformed", d.Malformed);
            json.Property("cnamesFollowed", d.CnamesFollowed);
            json.Property("refused", d.Refused);
            json.Property("noSocket", d.NoSocket);
            return json.EndObject();
        }

        // Two pieces, so each fits the piece buffer with every counter at its largest.
        private static bool WriteDnsServer(JsonWriter json, DnsServerCounters d, int part)
        {
            if (part == 0)
            {
                Begin(json, "dnsServer");
                json.Property("queriesUdp", d.QueriesUdp);
                json.Property("queriesTcp", d.QueriesTcp);
                json.Property("noError", d.NoError);
                json.Property("formErr", d.FormErr);
                json.Property("nxDomain", d.NxDomain);
                json.Property("notImp", d.NotImp);
                json.Property("refused", d.Refused);
                json.Property("badVers", d.BadVers);
                json.Property("truncated", d.Truncated);
                json.Property("amplificationLimited", d.AmplificationLimited);
                return true;
            }
            json.ResumeObject();
            json.Property("rateLimited", d.RateLimited);
            json.Property("malformed", d.Malformed);
            json.Property("tooLarge", d.TooLarge);
            json.Property("sendFailures", d.SendFailures);
            json.Property("captiveAnswers", d.CaptiveAnswers);
            json.Property("tcpConnections", d.TcpConnections);
            json.Property("tcpIdleClosed", d.TcpIdleClosed);
            json.Property("badSourcePort", d.BadSourcePort);
            json.Property("badSource", d.BadSource);
            return json.EndObject();
        }

        // mDNS and, beside it, the stack's IGMP (the only user of multicast so far).
        private static bool WriteMdns(JsonWriter json, MdnsCounters m, IgmpCounters g)
        {
            Begin(json, "mdns");
            json.Property("queriesIn", m.QueriesIn);
            json.Property("multicastResponses", m.MulticastResponses);
            json.Property("unicastResponses", m.UnicastResponses);
            json.Property("legacyResponses", m.LegacyResponses);
            json.Property("knownAnswersSuppressed", m.KnownAnswersSuppressed);
            json.Property("probes", m.Probes);
            json.Property("announcements", m.Announcements);
            json.Property("conflicts", m.Conflicts);
            json.Property("malformed", m.Malformed);
            json.Property("goodbyes", m.Goodbyes);
            json.Property("sendFailures", m.SendFailures);
            json.Property("igmpReportsOut", g.ReportsOut);
            json.Property("igmpQueriesIn", g.QueriesIn);
            json.Property("multicastIn", g.MulticastIn);
            json.Property("multicastNotJoined", g.NotJoined);
            return json.EndObject();
        }

        private static bool WriteSntp(JsonWriter json, SntpCounters s)
        {
            Begin(json, "sntp");
            json.Property("requestsOut", s.RequestsOut);
            json.Property("synchronizations", s.Synchronizations);
            json.Property("timeouts", s.Timeouts);
            json.Property("failedRounds", s.FailedRounds);
            json.Property("malformed", s.Malformed);
            json.Property("wrongSource", s.WrongSource);
            json.Property("wrongMode", s.WrongMode);
            json.Property("wrongOriginate", s.WrongOriginate);
            json.Property("unsynchronized", s.Unsynchronized);
            json.Property("kissOfDeath", s.KissOfDeath);
            json.Property("resolveFailures", s.ResolveFailures);
            json.Property("noSocket", s.NoSocket);
            return json.EndObject();
        }

        private static bool WriteHttp(JsonWriter json, HttpCounters h)
        {
            Begin(json, "http");
            json.Property("connections", h.Connections);
            json.Property("requests", h.Requests);
            json.Property("keepAliveRequests", h.KeepAliveRequests);
            json.Property("pipelinedRequests", h.PipelinedRequests);
            json.Property("responses", h.Responses);
            json.Property("status2xx", h.Status2xx);
            json.Property("status3xx", h.Status3xx);
            json.Property("status4xx", h.Status4xx);
            json.Property("status5xx", h.Status5xx);
            json.Property("badRequests", h.BadRequests);
            json.Property("notFound", h.NotFound);
            json.Property("requestTimeouts", h.RequestTimeouts);
            json.Property("idleTimeouts", h.IdleTimeouts);
            json.Property("aborted", h.Aborted);
            json.Property("bytesReceived", h.BytesReceived);
            json.Property("bytesSent", h.BytesSent);
            return json.EndObject();
        }
    }
}
