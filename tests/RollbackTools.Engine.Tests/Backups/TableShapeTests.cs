using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Backups
{
    /// <summary>Columns, types and key order as each catalog reports them: what a column restore and an upsert rely on.</summary>
    public abstract class TableShapeTests<TDatabase> : IClassFixture<TDatabase>
        where TDatabase : ThrowawayDatabase
    {
        private readonly TDatabase database;

        protected TableShapeTests(TDatabase database)
        {
            this.database = database;
        }

        [Fact]
        public async Task ReadsColumnsTypesAndACompositeKeyInKeyOrder()
        {
            await using DatabaseSession session = await database.OpenAsync();
            await session.ExecuteAsync("CREATE TABLE shaped (a INTEGER NOT NULL, b VARCHAR(30) NOT NULL, note VARCHAR(200), PRIMARY KEY (b, a))", CancellationToken.None);
            string schema = await TableShape.DefaultSchemaAsync(session, CancellationToken.None);

            TableShape shape = await TableShape.RequireAsync(session, schema, "shaped", CancellationToken.None);

            Assert.Equal(new[] { "a", "b", "note" }, shape.Columns.Select(c => c.Name));
            Assert.Equal(new[] { "b", "a" }, shape.PrimaryKey);
            Assert.Matches("(?i)(varchar|character varying)\\(200\\)", shape.Columns[2].Type);
            Assert.False(shape.Columns[2].NotNull);
            Assert.True(shape.Columns[1].NotNull);
        }

        [Fact]
        public async Task AMissingTableIsTableNotFound()
        {
            await using DatabaseSession session = await database.OpenAsync();
            string schema = await TableShape.DefaultSchemaAsync(session, CancellationToken.None);

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => TableShape.RequireAsync(session, schema, "no_such_table", CancellationToken.None));
            Assert.Equal(ErrorIds.TableNotFound, error.ErrorId);
        }
    }

    public sealed class PostgresTableShapeTests : TableShapeTests<PostgresDatabase>
    {
        public PostgresTableShapeTests(PostgresDatabase database)
            : base(database)
        {
        }
    }

    public sealed class MySqlTableShapeTests : TableShapeTests<MySqlDatabase>
    {
        public MySqlTableShapeTests(MySqlDatabase database)
            : base(database)
        {
        }
    }

    public sealed class SqliteTableShapeTests : TableShapeTests<SqliteDatabase>
    {
        public SqliteTableShapeTests(SqliteDatabase database)
            : base(database)
        {
        }
    }
}
