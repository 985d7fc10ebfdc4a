using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace RollbackTools.Engine.Tests.Schema
{
    /// <summary>Snapshots and their differences, without a database.</summary>
    public sealed class SchemaComparerTests
    {
        [Fact]
        public void EqualSchemasHaveEqualFingerprintsWhateverTheOrder()
        {
            SchemaSnapshot a = Snapshot(Column("t.id", "integer"), Column("t.code", "text"));
            SchemaSnapshot b = Snapshot(Column("t.code", "text"), Column("t.id", "integer"));

            Assert.Equal(a.Fingerprint, b.Fingerprint);
            Assert.Empty(SchemaComparer.Compare(a, b));
        }

        [Fact]
        public void NamesAddedRemovedAndChangedObjects()
        {
            SchemaSnapshot before = Snapshot(Column("t.id", "integer"), Column("t.code", "text"), new SchemaObject("Index", "t.ix_code", Props(("definition", "CREATE INDEX ix_code ON t (code)"))));
            SchemaSnapshot after = Snapshot(Column("t.id", "bigint"), Column("t.code", "text"), Column("t.note", "text"));

            IReadOnlyList<SchemaDifference> differences = SchemaComparer.Compare(before, after);

            Assert.Contains(differences, d => d is { Kind: "Column", Name: "t.id", Change: "Changed", Property: "type", Reference: "integer", Difference: "bigint" });
            Assert.Contains(differences, d => d is { Kind: "Index", Name: "t.ix_code", Change: "Removed" });
            Assert.Contains(differences, d => d is { Kind: "Column", Name: "t.note", Change: "Added" });
            Assert.Equal(3, differences.Count);
            Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        }

        [Fact]
        public void ARoundTripThroughJsonKeepsEverything()
        {
            SchemaSnapshot original = Snapshot(Column("t.id", "integer"), new SchemaObject("View", "v", Props(("definition", "SELECT 'a \"quoted\" ünïcode' AS x"), ("nullable", null))));

            SchemaSnapshot back = SchemaSnapshot.FromJson(original.ToJson());

            Assert.Equal(original.Fingerprint, back.Fingerprint);
            Assert.Empty(SchemaComparer.Compare(original, back));
            Assert.Equal("PostgreSql", back.Provider);
        }

        private static SchemaSnapshot Snapshot(params SchemaObject[] objects) => new SchemaSnapshot("PostgreSql", "shop", DateTimeOffset.UtcNow, objects);

        private static SchemaObject Column(string name, string type) => new SchemaObject("Column", name, Props(("type", type), ("notNull", "false")));

        private static IReadOnlyDictionary<string, string?> Props(params (string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
    }
}
