using System.Security;
using System.Text;

namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>What a page shows where no picture can be made: a grey tile that says why, as an SVG image.</summary>
public static class Placeholder
{
    /// <summary>Wrapped at this many characters a line, so a reason fits the tile.</summary>
    private const int LineLength = 28;

    public static byte[] Svg(string title, string reason)
    {
        var lines = Wrap(reason).Take(4).Select((line, i) =>
            $"<text x=\"80\" y=\"{78 + (i * 14)}\" font-size=\"11\">{SecurityElement.Escape(line)}</text>");
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160" role="img">
            <title>{SecurityElement.Escape($"{title}: {reason}")}</title>
            <rect width="160" height="160" fill="#e0e0e0"/>
            <g fill="#424242" font-family="sans-serif" text-anchor="middle">
            <text x="80" y="56" font-size="15" font-weight="bold">{SecurityElement.Escape(title)}</text>
            {string.Join("\n", lines)}
            </g>
            </svg>
            """;
        return Encoding.UTF8.GetBytes(svg);
    }

    private static IEnumerable<string> Wrap(string text)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > LineLength)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word.Length > LineLength ? word[..(LineLength - 1)] + "…" : word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
