CREATE TABLE "card_images" (
	"card_id" integer NOT NULL,
	"side" smallint NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "card_images_card_id_side_position_pk" PRIMARY KEY("card_id","side","position")
);
--> statement-breakpoint
CREATE TABLE "deck_media" (
	"id" serial PRIMARY KEY NOT NULL,
	"deck_id" integer NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "deck_media_deck_name" UNIQUE("deck_id","name")
);
--> statement-breakpoint
CREATE TABLE "user_fsrs" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"parameters" jsonb,
	"desired_retention" double precision NOT NULL,
	"optimized_at" timestamp with time zone,
	"fit" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "typed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "card_images" ADD CONSTRAINT "card_images_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deck_media" ADD CONSTRAINT "deck_media_deck_id_decks_id_fk" FOREIGN KEY ("deck_id") REFERENCES "public"."decks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_fsrs" ADD CONSTRAINT "user_fsrs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;