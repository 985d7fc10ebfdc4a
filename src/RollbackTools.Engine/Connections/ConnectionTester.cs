using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools
{
    /// <summary>Connects once and reports what the server is and how far away it is.</summary>
    public sealed class ConnectionTester
    {
        private const int LatencySamples = 5;
        private readonly IEngineLog log;

        public ConnectionTester(IEngineLog log)
        {
            this.log = log;
        }

        public async Task<ConnectionTestResult> TestAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            TimeSpan connectTime = clock.Elapsed;

            string version = Convert.ToString(await session.ScalarAsync(session.Dialect.ServerVersionSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
            string? user = session.Dialect.CurrentUserSql == null
                ? null
                : Convert.ToString(await session.ScalarAsync(session.Dialect.CurrentUserSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            long? sessionId = session.Dialect.SessionIdSql == null
                ? null
                : Convert.ToInt64(await session.ScalarAsync(session.Dialect.SessionIdSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

            var samples = new TimeSpan[LatencySamples];
            for (int i = 0; i < samples.Length; i++)
            {
                clock.Restart();
                await session.ScalarAsync("SELECT 1", cancellationToken).ConfigureAwait(false);
                samples[i] = clock.Elapsed;
            }

            Array.Sort(samples);
            log.Verbose($"Connected to {target.Url}: {version}, latency {samples[LatencySamples / 2].TotalMilliseconds:0.###} ms.");
            return new ConnectionTestResult(target, version, user, sessionId, connectTime, samples[LatencySamples / 2], session.Dialect.SupportsTransactionalDdl);
        }
    }
}
