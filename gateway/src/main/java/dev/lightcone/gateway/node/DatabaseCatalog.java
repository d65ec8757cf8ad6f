package dev.lightcone.gateway.node;

import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.Identity;
import java.nio.file.Path;

/**
 * Which databases exist and what they are called, and where each one's command log lives: on this node's
 * disk ({@link LocalCatalog}), or shared by the nodes of a cluster ({@link ClusterCatalog}).
 */
interface DatabaseCatalog extends AutoCloseable {

    /** Told of every database the catalog holds, then of those added or removed later (by any node). */
    interface Listener {
        void added(CatalogEntry entry);

        void removed(Identity identity);
    }

    /** Tells {@code listener} of every database known now, before it returns, and of later changes. */
    void start(Listener listener);

    /**
     * Records a database whose module has been published; the listener has been told of it when this
     * returns true. False if one of its names was taken first (by this or another node).
     */
    boolean register(CatalogEntry entry);

    /** Removes a database; the listener has been told when this returns. */
    void unregister(Identity identity);

    /** This node's name in the cluster ({@code ClientConnected.LOCAL} for an embedded server). */
    String node();

    /**
     * Of the nodes that {@code holding} clients of some database, those that are gone and whose clients this
     * node should disconnect (one live node does it for all); none for an embedded server.
     */
    java.util.List<String> goneNodesToEnd(java.util.Collection<String> holding);

    /** The storage of database {@code identity}, whose local files live in {@code dir}. */
    WriterStorage storage(Identity identity, Path dir);

    @Override
    void close();
}
