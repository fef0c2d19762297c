using System.Text;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// Text read from files (a camera's make and model, a reader's complaint) on its way into the catalogue or onto a
/// terminal. PostgreSQL refuses a NUL in text and a terminal obeys the escape sequences a name may carry, so control
/// characters are dropped for the catalogue and shown as <c>?</c> on a terminal.
/// </summary>
public static class CatalogText
{
    /// <summary>
    /// The text without control characters (NUL, escape, line breaks, C1) and cut to <paramref name="maxLength"/>
    /// characters (never between the two halves of a surrogate pair); <paramref name="changed"/> says whether it had
    /// to be altered.
    /// </summary>
    public static string? Clean(string? value, int maxLength, out bool changed)
    {
        changed = false;
        if (value is null)
        {
            return null;
        }

        var text = value;
        if (text.Any(char.IsControl))
        {
            text = new string([.. text.Where(c => !char.IsControl(c))]).Trim();
            changed = true;
        }

        if (text.Length > maxLength)
        {
            var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
            text = text[..cut];
            changed = true;
        }

        return text;
    }

    /// <summary>The text as a terminal may print it: each control character shown as <c>?</c>, as <c>ls</c> does.</summary>
    public static string Printable(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var printable = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            printable.Append(char.IsControl(c) ? '?' : c);
        }

        return printable.ToString();
    }
}
