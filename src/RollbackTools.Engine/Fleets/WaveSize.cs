using System;
using System.Collections.Generic;
using System.Globalization;

namespace RollbackTools
{
    /// <summary>How many databases one wave of a rollout takes: a count, a share of the fleet ('25%'), or the rest ('*').</summary>
    public sealed class WaveSize
    {
        private WaveSize(int? count, double? percent, string text)
        {
            Count = count;
            Percent = percent;
            Text = text;
        }

        public int? Count { get; }

        public double? Percent { get; }

        public string Text { get; }

        public bool IsRest => Count == null && Percent == null;

        public static WaveSize Parse(string text)
        {
            string t = text.Trim();
            if (t == "*")
            {
                return new WaveSize(null, null, t);
            }

            if (t.EndsWith('%') && double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent > 0 && percent <= 100)
            {
                return new WaveSize(null, percent, t);
            }

            if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0)
            {
                return new WaveSize(count, null, t);
            }

            throw new RollbackToolsException(ErrorIds.InvalidRolloutOption, FailureCategory.InvalidArgument, $"'{text}' is not a wave size: use a count (10), a share of the fleet (25%) or * for the rest.", text);
        }

        /// <summary>
        /// The fleet cut into waves, in the order given. A share is of the whole fleet, rounded up; the last wave
        /// repeats until every database has one, so "1, 10" on 30 databases is 1, 10, 10, 9.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<T>> Cut<T>(IReadOnlyList<T> fleet, IReadOnlyList<WaveSize> sizes)
        {
            var waves = new List<IReadOnlyList<T>>();
            int next = 0;
            int index = 0;
            while (next < fleet.Count)
            {
                WaveSize size = sizes.Count == 0 ? new WaveSize(null, null, "*") : sizes[Math.Min(index, sizes.Count - 1)];
                int take = size.IsRest ? fleet.Count - next
                    : size.Count ?? (int)Math.Ceiling(fleet.Count * size.Percent!.Value / 100.0);
                take = Math.Max(1, Math.Min(take, fleet.Count - next));
                var wave = new List<T>(take);
                for (int i = 0; i < take; i++)
                {
                    wave.Add(fleet[next + i]);
                }

                waves.Add(wave);
                next += take;
                index++;
            }

            return waves;
        }

        public override string ToString() => Text;
    }
}
