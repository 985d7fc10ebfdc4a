using System;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Dialects;
using Xunit;

namespace RollbackTools.Engine.Tests.Backups
{
    public sealed class BackupNamesTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2024, 1, 13, 9, 30, 0, TimeSpan.Zero);

        [Fact]
        public void FollowsTheSeedsNaming() =>
            Assert.Equal("users_backup_20240113093000", BackupNames.For(new PostgresDialect(), "users", At, 1));

        [Fact]
        public void NumbersASecondBackupInTheSameSecond() =>
            Assert.Equal("users_backup_20240113093000_2", BackupNames.For(new MySqlDialect(), "users", At, 2));

        [Theory]
        [InlineData("a_very_long_table_name_that_goes_on_and_on_and_on_and_on")]
        [InlineData("ääääääääääääääääääääääääääääääääääääää")]
        public void FitsThePostgresLimitInBytesAndKeepsLongNamesApart(string table)
        {
            var dialect = new PostgresDialect();
            string name = BackupNames.For(dialect, table, At, 1);
            string other = BackupNames.For(dialect, table + "x", At, 1);

            Assert.True(dialect.FitsIdentifierLimit(name), name);
            Assert.EndsWith("_backup_20240113093000", name, StringComparison.Ordinal);
            Assert.NotEqual(name, other);
        }

        [Fact]
        public void FitsTheMySqlLimitInCharacters()
        {
            var dialect = new MySqlDialect();
            string name = BackupNames.For(dialect, new string('t', 60), At, 1);

            Assert.Equal(64, name.Length);
        }
    }
}
