using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace RollbackTools
{
    /// <summary>
    /// Slice i of n of a fleet (-Shard 3/16): a database lands in the slice its URL hashes to, so the same
    /// database is always in the same slice, whatever else the fleet holds and in whatever order it comes.
    /// </summary>
    public sealed class FleetShard
    {
        private FleetShard(int index, int count)
        {
            Index = index;
            Count = count;
        }

        /// <summary>1-based, as Azure DevOps' System.JobPositionInPhase counts.</summary>
        public int Index { get; }

        public int Count { get; }

        public static FleetShard Parse(string text)
        {
            string[] parts = text.Split('/');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                && count > 0 && index >= 1 && index <= count)
            {
                return new FleetShard(index, count);
            }

            throw new RollbackToolsException(ErrorIds.InvalidRolloutOption, FailureCategory.InvalidArgument, $"'{text}' is not a shard: use i/n with 1 <= i <= n, as 3/16.", text);
        }

        public bool Holds(DatabaseTarget target)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(target.Url));
            uint value = BitConverter.ToUInt32(hash, 0);
            return (int)(value % (uint)Count) == Index - 1;
        }

        public IReadOnlyList<DatabaseTarget> Of(IEnumerable<DatabaseTarget> fleet) => fleet.Where(Holds).ToList();

        public override string ToString() => $"{Index}/{Count}";
    }
}
