using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using RollbackTools.Engine.Backups.Dumps;
using RollbackTools.Engine.Connections;
using Xunit;

namespace RollbackTools.Engine.Tests.Backups
{
    /// <summary>The dump tools' command lines, which anyone on the machine can read in the process list.</summary>
    public sealed class DumpCommandTests
    {
        private const string Secret = "s3cr3t-Pa55\"word\\with'quotes";

        [Fact]
        public void PgDumpGetsThePasswordThroughItsEnvironmentOnly()
        {
            DatabaseTarget target = DatabaseTarget.Parse("postgres://app@db1:5433/shop").WithCredential("app", SecretText.Protect(Secret));

            ProcessStartInfo start = PgDumpTool.DumpCommand("/usr/bin/pg_dump", target, "/tmp/shop.dump");

            Assert.DoesNotContain(start.ArgumentList, a => a.Contains(Secret, StringComparison.Ordinal) || a.Contains("s3cr3t", StringComparison.Ordinal));
            Assert.Equal(Secret, start.Environment["PGPASSWORD"]);
            Assert.Contains("--format=custom", start.ArgumentList);
            Assert.Contains("--port=5433", start.ArgumentList);
            Assert.Contains("--no-password", start.ArgumentList);
        }

        [Fact]
        public void MysqldumpGetsThePasswordThroughAnOptionsFileOnlyItsOwnerCanRead()
        {
            DatabaseTarget target = DatabaseTarget.Parse("mysql://app@db2/shop").WithCredential("app", SecretText.Protect(Secret));
            using var options = MySqlDumpTool.OptionsFile.For(target);

            ProcessStartInfo start = MySqlDumpTool.DumpCommand("/usr/bin/mysqldump", target, "/tmp/shop.sql", options.Path);

            Assert.DoesNotContain(start.ArgumentList, a => a.Contains("s3cr3t", StringComparison.Ordinal));
            Assert.DoesNotContain(start.Environment.Values, v => v != null && v.Contains("s3cr3t", StringComparison.Ordinal));
            Assert.Equal("--defaults-extra-file=" + options.Path, start.ArgumentList[0]);
            Assert.Contains("--single-transaction", start.ArgumentList);
            Assert.Contains("--routines", start.ArgumentList);
            Assert.Contains("--triggers", start.ArgumentList);
            string[] lines = File.ReadAllLines(options.Path);
            Assert.Equal("[client]", lines[0]);
            Assert.Equal("password=\"s3cr3t-Pa55\\\"word\\\\with'quotes\"", lines[1]);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.Path));
            }
        }

        [Fact]
        public void TheOptionsFileIsDeletedAfterUse()
        {
            DatabaseTarget target = DatabaseTarget.Parse("mysql://app@db2/shop").WithCredential("app", SecretText.Protect(Secret));
            string path;
            using (var options = MySqlDumpTool.OptionsFile.For(target))
            {
                path = options.Path;
                Assert.True(File.Exists(path));
            }

            Assert.False(File.Exists(path));
        }
    }
}
