// Client bindings for the quickstart-chat example module, written by hand in the shape
// `spacetime generate --lang typescript` produces (see shared spec ts-sdk.md §4).
import {
  DbConnectionBuilder as __DbConnectionBuilder, DbConnectionImpl as __DbConnectionImpl,
  SubscriptionBuilderImpl as __SubscriptionBuilderImpl, convertToAccessorMap as __convertToAccessorMap,
  makeQueryBuilder as __makeQueryBuilder, procedures as __procedures, reducerSchema as __reducerSchema,
  reducers as __reducers, schema as __schema, t as __t, table as __table,
} from 'spacetimedb';

// Column order is BSATN order and must match the module's structs.
const UserRow = __t.row({
  identity: __t.identity().primaryKey(),
  name: __t.option(__t.string()),
  online: __t.bool(),
});
const MessageRow = __t.row({
  sender: __t.identity(),
  sent: __t.timestamp(),
  text: __t.string(),
});

const tablesSchema = __schema({
  user: __table({
    name: 'user',
    indexes: [{ accessor: 'identity', name: 'user_identity_idx_btree', algorithm: 'btree', columns: ['identity'] }],
    constraints: [{ name: 'user_identity_key', constraint: 'unique', columns: ['identity'] }],
  }, UserRow),
  message: __table({ name: 'message', indexes: [], constraints: [] }, MessageRow),
});

const reducersSchema = __reducers(
  __reducerSchema('set_name', { name: __t.string() }),
  __reducerSchema('send_message', { text: __t.string() }),
  __reducerSchema('delete_my_messages', {}),
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
