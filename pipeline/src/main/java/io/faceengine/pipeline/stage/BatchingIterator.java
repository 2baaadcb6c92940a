package io.faceengine.pipeline.stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Feeds a partition to a model in batches without holding the partition in memory: pulls up to
 * {@code batchSize} inputs, processes them together, hands out the results, repeats.
 */
public final class BatchingIterator<I, O> implements Iterator<O> {
    private final Iterator<I> input;
    private final int batchSize;
    private final Function<List<I>, List<O>> process;
    private Iterator<O> current = Collections.emptyIterator();

    public BatchingIterator(Iterator<I> input, int batchSize, Function<List<I>, List<O>> process) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.input = input;
        this.batchSize = batchSize;
        this.process = process;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && input.hasNext()) {
            List<I> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && input.hasNext()) {
                batch.add(input.next());
            }
            current = process.apply(batch).iterator();
        }
        return current.hasNext();
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
