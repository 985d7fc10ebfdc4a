using RollbackTools.Engine.Adoption;
using Xunit;

namespace RollbackTools.Engine.Tests.Adoption
{
    public sealed class FlywayChecksumTests
    {
        [Fact]
        public void IsCrc32OfTheTextAsASignedNumber() =>
            Assert.Equal(unchecked((int)0xCBF43926), FlywayChecksum.Of("123456789"));

        [Fact]
        public void IgnoresLineBreaksAndTheByteOrderMarkAsFlywayDoes()
        {
            Assert.Equal(FlywayChecksum.Of("12345\n6789"), FlywayChecksum.Of("123456789"));
            Assert.Equal(FlywayChecksum.Of("12345\r\n6789\r\n"), FlywayChecksum.Of("\uFEFF12345\n6789"));
            Assert.NotEqual(FlywayChecksum.Of("12345 6789"), FlywayChecksum.Of("123456789"));
        }
    }
}
