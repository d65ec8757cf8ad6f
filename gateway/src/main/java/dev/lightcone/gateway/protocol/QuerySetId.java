package dev.lightcone.gateway.protocol;

/** A client-chosen query set number ({@code u32} on the wire, unsigned). */
public record QuerySetId(int id) {
    /** The query set with this number. */
    public static QuerySetId of(int id) {
        return new QuerySetId(id);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(id);
    }
}
