using System.Linq;
using Xunit;

namespace RollbackTools.Engine.Tests.Fleets
{
    public sealed class WaveAndShardTests
    {
        private static readonly int[] Thirty = Enumerable.Range(1, 30).ToArray();

        [Fact]
        public void WavesTakeCountsSharesAndTheRestInOrderAndTheLastSizeRepeats()
        {
            Assert.Equal(new[] { 1, 10, 10, 9 }, WaveSize.Cut(Thirty, new[] { "1", "10" }.Select(WaveSize.Parse).ToList()).Select(w => w.Count));
            Assert.Equal(new[] { 1, 8, 21 }, WaveSize.Cut(Thirty, new[] { "1", "25%", "*" }.Select(WaveSize.Parse).ToList()).Select(w => w.Count));
            Assert.Equal(new[] { 1, 2, 3 }, WaveSize.Cut(Thirty, new[] { WaveSize.Parse("*") })[0].Take(3));
            Assert.Empty(WaveSize.Cut(new int[0], new[] { WaveSize.Parse("5") }));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-1")]
        [InlineData("150%")]
        [InlineData("ten")]
        public void AWaveSizeThatCannotBeReadIsRefused(string text) =>
            Assert.Equal(ErrorIds.InvalidRolloutOption, Assert.Throws<RollbackToolsException>(() => WaveSize.Parse(text)).ErrorId);

        [Fact]
        public void ShardsCoverAFleetOnceAndKeepEachDatabaseInItsSlice()
        {
            DatabaseTarget[] fleet = Enumerable.Range(1, 50).Select(i => DatabaseTarget.Parse($"postgres://app@db{i}.example/tenant{i}")).ToArray();
            var slices = Enumerable.Range(1, 4).Select(i => FleetShard.Parse($"{i}/4").Of(fleet)).ToList();

            Assert.Equal(50, slices.Sum(s => s.Count));
            Assert.Equal(50, slices.SelectMany(s => s).Select(t => t.Url).Distinct().Count());
            Assert.All(slices, s => Assert.NotEmpty(s));
            Assert.Equal(slices[2].Select(t => t.Url), FleetShard.Parse("3/4").Of(fleet.Reverse()).Select(t => t.Url).Reverse());
            Assert.Equal(ErrorIds.InvalidRolloutOption, Assert.Throws<RollbackToolsException>(() => FleetShard.Parse("5/4")).ErrorId);
        }
    }
}
