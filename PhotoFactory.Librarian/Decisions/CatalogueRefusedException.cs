namespace PhotoFactory.Librarian.Decisions;

/// <summary>
/// The catalogue is there but refused this file's record (a value it cannot store, a path over its index's limit):
/// this file's problem, not everyone's. Filing rolls it back and quarantines it with the database's reason.
/// </summary>
public sealed class CatalogueRefusedException(string message, Exception inner) : Exception(message, inner);
