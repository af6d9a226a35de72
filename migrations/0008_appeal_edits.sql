ALTER TABLE "games" ADD COLUMN "standings_message_ref" text;--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD COLUMN "reveal_message_ref" text;