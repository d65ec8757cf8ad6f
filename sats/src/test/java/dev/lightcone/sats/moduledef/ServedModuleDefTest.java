package dev.lightcone.sats.moduledef;

import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.v10.ExplicitNameEntry;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import dev.lightcone.sats.moduledef.v9.RawModuleDefV9;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServedModuleDefTest {

    /** Shaped like the official C++ bindings' output: no ExplicitNames section, default (SnakeCase) policy. */
    private static ModuleSchema cppShaped() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef color = b.addType("Color", SumType.of("Red", ProductType.UNIT, "DarkBlue", ProductType.UNIT));
        TypeRef player = b.addType("Player", ProductType.of("id", U64, "displayName", STRING, "color", color));
        b.addTable("PlayerTable", player, t -> t.withPrimaryKey(0).addAutoInc(0));
        b.addReducer("AddPlayer", ProductType.of("name", STRING));
        b.addProcedure("countPlayers", ProductType.UNIT, U64);
        return ModuleDefValidator.validate(b.toRawModuleDef());
    }

    @Test
    void explicitNamesAreAlwaysPresentAndComplete() {
        RawModuleDefV10 served = ServedModuleDef.v10(cppShaped());
        assertEquals(List.of(
                new ExplicitNameEntry(ExplicitNameEntry.Kind.TABLE, "PlayerTable", "player_table"),
                new ExplicitNameEntry(ExplicitNameEntry.Kind.FUNCTION, "AddPlayer", "add_player"),
                new ExplicitNameEntry(ExplicitNameEntry.Kind.FUNCTION, "countPlayers", "count_players")),
                served.explicitNames().entries());
        // The served definition validates to the same names.
        ModuleSchema again = ModuleDefValidator.validate(served.toRawModuleDef());
        assertEquals("player_table", again.tables().get(0).name());
        assertEquals("add_player", again.reducers().get(0).name());
    }

    @Test
    void typespaceFollowsTheCasePolicy() {
        RawModuleDefV10 served = ServedModuleDef.v10(cppShaped());
        SumType color = (SumType) served.typespace().types().get(0);
        assertEquals(List.of(Optional.of("red"), Optional.of("darkBlue")),
                color.variants().stream().map(SumType.Variant::name).toList());
        ProductType player = (ProductType) served.typespace().types().get(1);
        assertEquals(Optional.of("display_name"), player.elements().get(1).name());
    }

    @Test
    void version9UsesCanonicalAndGeneratedNames() {
        RawModuleDefV9 v9 = ServedModuleDef.v9(cppShaped());
        assertEquals("player_table", v9.tables().get(0).name());
        assertEquals(Optional.of("player_table_id_idx_btree"), v9.tables().get(0).indexes().get(0).sourceName());
        assertEquals(Optional.of("player_table_id_seq"), v9.tables().get(0).sequences().get(0).sourceName());
        assertEquals("add_player", v9.reducers().get(0).name());
        assertTrue(v9.miscExports().get(0) instanceof dev.lightcone.sats.moduledef.v9.RawMiscModuleExportV9.Procedure p
                && p.name().equals("count_players"), v9.miscExports().toString());
        // It decodes as a V9 definition and validates.
        ModuleSchema fromV9 = ModuleDefValidator.validate(ModuleDefDecoder.decode(v9.toBytes()));
        assertEquals("player_table", fromV9.tables().get(0).name());
        assertEquals(1, fromV9.procedures().size());
    }
}
