namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>This Librarian's claim on a file was taken over by another; whatever it did for the file is rolled back.</summary>
internal sealed class ClaimLostException(string sourcePath)
    : InvalidOperationException($"The claim on '{sourcePath}' was taken over by another Librarian.");
