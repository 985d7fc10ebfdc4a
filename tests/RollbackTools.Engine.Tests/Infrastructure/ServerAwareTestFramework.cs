using System;
using System.Linq;
using System.Reflection;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("RollbackTools.Engine.Tests.Infrastructure.ServerAwareTestFramework", "RollbackTools.Engine.Tests")]

namespace RollbackTools.Engine.Tests.Infrastructure
{
    /// <summary>
    /// Tests whose class needs a PostgreSQL or MariaDB server (an IClassFixture of one) are reported
    /// skipped, with the variable to set, when that server is not given; the server-free tests (SQLite, the
    /// splitter, discovery) then run alone. With the servers given, nothing changes.
    /// </summary>
    public sealed class ServerAwareTestFramework : XunitTestFramework
    {
        public ServerAwareTestFramework(IMessageSink messageSink)
            : base(messageSink)
        {
        }

        protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
            new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

        private sealed class Discoverer : XunitTestFrameworkDiscoverer
        {
            public Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
                : base(assemblyInfo, sourceProvider, diagnosticMessageSink)
            {
            }

            protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
            {
                string? missing = MissingServer(testMethod.TestClass.Class.ToRuntimeType());
                if (missing == null || !testMethod.Method.GetCustomAttributes(typeof(Xunit.FactAttribute)).Any())
                {
                    return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
                }

                var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, $"{missing} is not set: this test needs that server (build.ps1 Test provisions one).");
                return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
            }

            private static string? MissingServer(Type? testClass)
            {
                Type? fixture = testClass?.GetInterfaces()
                    .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Xunit.IClassFixture<>))
                    .Select(i => i.GetGenericArguments()[0])
                    .FirstOrDefault(t => t == typeof(PostgresDatabase) || t == typeof(MySqlDatabase));
                string? variable = fixture == typeof(PostgresDatabase) ? TestServers.PostgresVariable : fixture == typeof(MySqlDatabase) ? TestServers.MySqlVariable : null;
                return variable != null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)) ? variable : null;
            }
        }
    }
}
