using System.Linq;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    public class MigrationVersionTests
    {
        [Theory]
        [InlineData("2", "10")]
        [InlineData("1.2.9", "1.2.10")]
        [InlineData("20240113120000", "20240114000000")]
        [InlineData("9", "20240113120000")]
        [InlineData("1.2", "1.2.1")]
        public void ComparesNumerically(string lower, string higher)
        {
            Assert.True(MigrationVersion.Parse(lower).CompareTo(MigrationVersion.Parse(higher)) < 0);
            Assert.True(MigrationVersion.Parse(higher).CompareTo(MigrationVersion.Parse(lower)) > 0);
        }

        [Fact]
        public void LeadingZerosAndTrailingZeroSegmentsAreEqual()
        {
            Assert.Equal(MigrationVersion.Parse("001"), MigrationVersion.Parse("1"));
            Assert.Equal(MigrationVersion.Parse("1.2"), MigrationVersion.Parse("1.2.0"));
            Assert.Equal(MigrationVersion.Parse("1.2").GetHashCode(), MigrationVersion.Parse("1.2.0").GetHashCode());
        }

        [Fact]
        public void SortsAMixedList()
        {
            string[] sorted = new[] { "10", "1.2.10", "2", "1.2.9" }.Select(MigrationVersion.Parse).OrderBy(v => v).Select(v => v.Text).ToArray();
            Assert.Equal(new[] { "1.2.9", "1.2.10", "2", "10" }, sorted);
        }

        [Theory]
        [InlineData("")]
        [InlineData("v1")]
        [InlineData("1..2")]
        [InlineData("1.a")]
        public void RejectsWhatIsNotAVersion(string text) => Assert.False(MigrationVersion.TryParse(text, out _));
    }
}
