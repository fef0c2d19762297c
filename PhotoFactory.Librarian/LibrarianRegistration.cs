namespace PhotoFactory.Librarian;

/// <summary>Registers the Librarian's pipeline.</summary>
internal static class LibrarianRegistration
{
    public static IHostApplicationBuilder AddLibrarian(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
