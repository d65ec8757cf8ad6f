// Client bindings for the notes example module (modules/migrate-v1, the shape v2 keeps), written by hand in the
// shape `spacetime generate --lang typescript` produces (see shared spec ts-sdk.md §4).
import {
  DbConnectionBuilder as __DbConnectionBuilder, DbConnectionImpl as __DbConnectionImpl,
  SubscriptionBuilderImpl as __SubscriptionBuilderImpl, convertToAccessorMap as __convertToAccessorMap,
  makeQueryBuilder as __makeQueryBuilder, procedures as __procedures, reducerSchema as __reducerSchema,
  reducers as __reducers, schema as __schema, t as __t, table as __table,
} from 'spacetimedb';

// Column order is BSATN order and must match the module's struct.
const NoteRow = __t.row({
  id: __t.u64().primaryKey(),
  text: __t.string(),
});

const tablesSchema = __schema({
  note: __table({
    name: 'note',
    indexes: [{ accessor: 'id', name: 'note_id_idx_btree', algorithm: 'btree', columns: ['id'] }],
    constraints: [{ name: 'note_id_key', constraint: 'unique', columns: ['id'] }],
  }, NoteRow),
});

const reducersSchema = __reducers(
  __reducerSchema('add_note', { text: __t.string() }),
);
const proceduresSchema = __procedures();

const REMOTE_MODULE = {
  versionInfo: { cliVersion: '2.10.1' },
  tables: tablesSchema.schemaType.tables,
  reducers: reducersSchema.reducersType.reducers,
  ...proceduresSchema,
};

export const tables = __makeQueryBuilder(tablesSchema.schemaType);
export const reducers = __convertToAccessorMap(reducersSchema.reducersType.reducers);
export class SubscriptionBuilder extends __SubscriptionBuilderImpl {}
export class DbConnectionBuilder extends __DbConnectionBuilder {}
export class DbConnection extends __DbConnectionImpl {
  static builder = () => new DbConnectionBuilder(REMOTE_MODULE, cfg => new DbConnection(cfg));
  subscriptionBuilder = () => new SubscriptionBuilder(this);
}
