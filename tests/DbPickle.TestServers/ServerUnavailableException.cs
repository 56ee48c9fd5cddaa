namespace DbPickle.TestServers;

/// <summary>A throwaway server could not be started; the message says how to make it available.</summary>
public sealed class ServerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
