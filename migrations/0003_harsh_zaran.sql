CREATE TABLE "game_settings" (
	"workspace_id" integer NOT NULL,
	"channel_id" text NOT NULL,
	"default_seconds" integer NOT NULL,
	"max_seconds" integer NOT NULL,
	"speed_bonus" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "game_settings_workspace_id_channel_id_pk" PRIMARY KEY("workspace_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "game_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"game_id" bigint NOT NULL,
	"round" smallint NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"note" text,
	CONSTRAINT "game_steps_once" UNIQUE("game_id","round","kind")
);
--> statement-breakpoint
CREATE TABLE "games" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"channel_id" text NOT NULL,
	"deck_id" integer NOT NULL,
	"mode" text NOT NULL,
	"rounds" smallint NOT NULL,
	"seconds" smallint NOT NULL,
	"speed_bonus" boolean NOT NULL,
	"card_ids" jsonb NOT NULL,
	"created_by" integer,
	"time_zone" text NOT NULL,
	"state" text NOT NULL,
	"stopped_by" integer,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"current_round_id" bigint,
	"last_edit_at" timestamp with time zone,
	"shown_answers" integer DEFAULT 0 NOT NULL,
	"shown_hint" boolean DEFAULT false NOT NULL,
	"shown_bucket" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD COLUMN "game_id" bigint;--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD COLUMN "game_round" smallint;--> statement-breakpoint
ALTER TABLE "streaks" ADD COLUMN "freezes" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "game_settings" ADD CONSTRAINT "game_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_steps" ADD CONSTRAINT "game_steps_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_deck_id_decks_id_fk" FOREIGN KEY ("deck_id") REFERENCES "public"."decks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_stopped_by_users_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "game_steps_pending_due" ON "game_steps" USING btree ("due_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "game_steps_running_claimed" ON "game_steps" USING btree ("claimed_at") WHERE state = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "games_one_live_per_channel" ON "games" USING btree ("workspace_id","channel_id") WHERE state in ('running', 'stopping');--> statement-breakpoint
CREATE INDEX "games_channel_ended" ON "games" USING btree ("workspace_id","channel_id","ended_at");--> statement-breakpoint
CREATE INDEX "games_live_edit" ON "games" USING btree ("last_edit_at") WHERE state = 'running';--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD CONSTRAINT "quiz_rounds_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_rounds_game_round" ON "quiz_rounds" USING btree ("game_id","game_round");