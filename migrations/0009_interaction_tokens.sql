CREATE TABLE "interaction_tokens" (
	"interaction_id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"message_id" text
);
--> statement-breakpoint
CREATE INDEX "interaction_tokens_message" ON "interaction_tokens" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "interaction_tokens_answered" ON "interaction_tokens" USING btree ("answered_at");