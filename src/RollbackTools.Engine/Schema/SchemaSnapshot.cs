using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RollbackTools
{
    /// <summary>One schema object (a table, column, index, constraint, view ...) and the properties that define it.</summary>
    public sealed class SchemaObject
    {
        public SchemaObject(string kind, string name, IReadOnlyDictionary<string, string?> properties)
        {
            Kind = kind;
            Name = name;
            Properties = new ReadableDictionary<string?>(properties, StringComparer.Ordinal);
        }

        /// <summary>Table, Column, PrimaryKey, Unique, Check, ForeignKey, Index, View, Sequence, Trigger or Routine.</summary>
        public string Kind { get; }

        /// <summary>The name that identifies it within its kind: table.column, table.index ...</summary>
        public string Name { get; }

        public IReadOnlyDictionary<string, string?> Properties { get; }

        public override string ToString() => $"{Kind} {Name}";
    }

    /// <summary>
    /// A database's schema, normalized so that equal schemas are equal objects: taken from the catalog, the
    /// module's own tables left out, objects and properties in a fixed order, with a fingerprint over all of it.
    /// </summary>
    public sealed class SchemaSnapshot : IHasTarget
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true };

        public SchemaSnapshot(string provider, string database, DateTimeOffset takenAt, IEnumerable<SchemaObject> objects)
        {
            Provider = provider;
            DatabaseName = database;
            TakenAt = takenAt;
            Objects = objects.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
            Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Objects.Select(Canonical))))).ToLowerInvariant();
        }

        public string Provider { get; }

        /// <summary>The live database it was read from, by its URL without password (PowerShell sees the target itself); none for a snapshot read from a file (ToJson leaves it out).</summary>
        public string? Database => Target?.Url;

        internal DatabaseTarget? Target { get; set; }

        DatabaseTarget? IHasTarget.Target => Target;

        public string DatabaseName { get; }

        public DateTimeOffset TakenAt { get; }

        public ReadableList<SchemaObject> Objects { get; }

        /// <summary>sha256 over every object and property: equal schemas have equal fingerprints, across runs and machines.</summary>
        public string Fingerprint { get; }

        public int Tables => Objects.Count(o => o.Kind == "Table");

        public string ToJson() => JsonSerializer.Serialize(new Stored(Provider, DatabaseName, TakenAt, Fingerprint, Objects.Select(o => new StoredObject(o.Kind, o.Name, o.Properties)).ToList()), Json);

        public static SchemaSnapshot FromJson(string json)
        {
            Stored stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new FormatException("The file holds no schema snapshot.");
            return new SchemaSnapshot(stored.Provider, stored.DatabaseName, stored.TakenAt, stored.Objects.Select(o => new SchemaObject(o.Kind, o.Name, o.Properties)));
        }

        public override string ToString() => $"{DatabaseName}: {Objects.Count} objects, {Fingerprint[..12]}";

        private static object Canonical(SchemaObject o) => new { o.Kind, o.Name, Properties = o.Properties.Select(p => new[] { p.Key, p.Value }) };

        private sealed record Stored(string Provider, string DatabaseName, DateTimeOffset TakenAt, string Fingerprint, List<StoredObject> Objects);

        private sealed record StoredObject(string Kind, string Name, IReadOnlyDictionary<string, string?> Properties);
    }

    /// <summary>One way two schemas differ: an object added or removed, or one property changed.</summary>
    public sealed record SchemaDifference(string Kind, string Name, string Change, string? Property, string? Reference, string? Difference) : IHasTarget
    {
        /// <summary>The live database on the difference side, when there is one, by its URL without password (PowerShell sees the target itself): drift groups by it across a fleet.</summary>
        public string? Database => Target?.Url;

        internal DatabaseTarget? Target { get; init; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => Change switch
        {
            "Changed" => $"{Kind} {Name}: {Property} was '{Reference}', is '{Difference}'",
            _ => $"{Kind} {Name} {Change.ToLowerInvariant()}",
        };
    }

    public static class SchemaComparer
    {
        /// <summary>Every difference from <paramref name="reference"/> to <paramref name="difference"/>; none when they are equal.</summary>
        public static IReadOnlyList<SchemaDifference> Compare(SchemaSnapshot reference, SchemaSnapshot difference)
        {
            var result = new List<SchemaDifference>();
            if (reference.Fingerprint == difference.Fingerprint)
            {
                return result;
            }

            Dictionary<(string, string), SchemaObject> before = reference.Objects.ToDictionary(o => (o.Kind, o.Name));
            Dictionary<(string, string), SchemaObject> after = difference.Objects.ToDictionary(o => (o.Kind, o.Name));
            foreach (SchemaObject old in reference.Objects)
            {
                if (!after.TryGetValue((old.Kind, old.Name), out SchemaObject? now))
                {
                    result.Add(new SchemaDifference(old.Kind, old.Name, "Removed", null, Describe(old), null) { Target = difference.Target });
                    continue;
                }

                foreach (string property in old.Properties.Keys.Union(now.Properties.Keys).OrderBy(k => k, StringComparer.Ordinal))
                {
                    old.Properties.TryGetValue(property, out string? was);
                    now.Properties.TryGetValue(property, out string? @is);
                    if (!string.Equals(was, @is, StringComparison.Ordinal))
                    {
                        result.Add(new SchemaDifference(old.Kind, old.Name, "Changed", property, was, @is) { Target = difference.Target });
                    }
                }
            }

            result.AddRange(difference.Objects.Where(o => !before.ContainsKey((o.Kind, o.Name))).Select(o => new SchemaDifference(o.Kind, o.Name, "Added", null, null, Describe(o)) { Target = difference.Target }));
            return result;
        }

        private static string Describe(SchemaObject o) => string.Join("; ", o.Properties.Select(p => $"{p.Key}={p.Value}"));
    }
}
