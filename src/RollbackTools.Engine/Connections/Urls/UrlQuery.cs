using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RollbackTools.Engine.Connections.Urls
{
    /// <summary>The ?key=value&amp;... part every URL shares.</summary>
    internal static class UrlQuery
    {
        public static Dictionary<string, string> Parse(string query)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = pair.Split(new[] { '=' }, 2);
                options[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty;
            }

            return options;
        }

        public static void Append(IReadOnlyDictionary<string, string> options, StringBuilder url)
        {
            if (options.Count > 0)
            {
                url.Append('?').Append(string.Join("&", options.Select(o => Uri.EscapeDataString(o.Key) + "=" + Uri.EscapeDataString(o.Value))));
            }
        }
    }
}
