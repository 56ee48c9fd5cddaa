using System.Threading.Channels;

namespace DbPickle.Loading;

/// <summary>
/// The pieces both two-thread stages of a load (pass 1's reader, pass 2's row preparer) use to hand work from a
/// thread of their own to the caller's thread through a small bounded channel.
/// </summary>
internal static class HandOff
{
    /// <summary>
    /// A small bounded channel between one producer and one consumer. When both sides block (a synchronous load), a
    /// hand-off completes the waiting side's task inline: otherwise each one is posted to the thread pool, whose woken
    /// worker then spins looking for more work, taking CPU from both sides and, in pass 2, from a server on the same
    /// machine. An asynchronous consumer keeps the default, or its whole loop would run on the producer's thread.
    /// </summary>
    public static Channel<T> CreateChannel<T>(int capacity, bool async)
        => Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = !async });

    /// <summary>
    /// Starts <paramref name="work"/> on a thread of its own: it may block (synchronous I/O, a full channel) without
    /// holding the caller's thread or a thread-pool thread.
    /// </summary>
    public static Task StartThread(Action work, CancellationToken cancellationToken)
        => Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Writes <paramref name="item"/> from a thread that may block until the consumer makes room.</summary>
    public static void Write<T>(ChannelWriter<T> channel, T item, CancellationToken cancellationToken)
    {
        if (!channel.TryWrite(item))
        {
            channel.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The next item, or null once the producer completed the channel; the producer's failure is rethrown here.</summary>
    public static async ValueTask<T?> NextAsync<T>(ChannelReader<T> channel, bool async, CancellationToken cancellationToken)
        where T : class
    {
        T? item;
        while (!channel.TryRead(out item))
        {
            var more = async
                ? await channel.WaitToReadAsync(cancellationToken).ConfigureAwait(false)
                : channel.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
            if (!more)
            {
                // Rethrows the producer's failure, if that is why the channel completed (already complete: no wait).
                channel.Completion.GetAwaiter().GetResult();
                return null;
            }
        }

        return item;
    }

    /// <summary>Waits for the producer; a synchronous load blocks instead of awaiting, so it completes synchronously.</summary>
    public static async ValueTask WaitAsync(Task producer, bool async)
    {
        if (async)
        {
            await producer.ConfigureAwait(false);
        }
        else
        {
            producer.GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Waits for a producer that was told to stop, keeping only the consumer's error. The producer stops at its next
    /// item or channel write, so this wait is short; it must not outlive what the producer reads.
    /// </summary>
    public static async ValueTask ObserveAsync(Task producer, bool async)
    {
        try
        {
            await WaitAsync(producer, async).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The consumer's exception is on its way up; the producer's (usually its cancellation) adds nothing.
        }
    }
}
