"""The benchmark's workload: a voice assistant's year of memory, generated.

Users talk to the assistant in sessions. A session is a burst of memories a
few seconds apart, mostly on one topic: conversation turns (user and
assistant alternate), context items, preferences, entity facts, interactions
and the odd agent-state note, with tags, priorities, a TTL on some and a few
soft-deleted. Text comes from per-topic sentence templates with slots (cities,
names, dishes, artists ...), so keyword queries hit real words. About half of
the memories have a 1536-d embedding; embeddings are clustered, one group of
clusters per topic (bench/embedding_partitions.clustered_vectors: a centre, a
low-rank subspace of variation and a little noise), so a query about cooking
has its neighbours among cooking memories, as with a real embedding model.

Everything is drawn from one seed, session by session, and handed out in
chunks (`Workload.chunks()`), so a year (3.65 M memories) never sits in memory.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

from embedding_partitions import DIM, clustered_vectors, normalise

SUBCLUSTERS = 10          # embedding clusters per topic
RANK = 24                 # dimension of each cluster's subspace of variation
MEMORIES_PER_SESSION = (5, 45)
EMBEDDING_MODEL = "text-embedding-3-small"
ZIPF_EXPONENT = 1.2        # user sizes: the r-th largest user has about r^-1.2 of the largest one's sessions
                           # (of 1,000 users the largest holds about a fifth of the memories)

# memory type: (share of memories, probability of an embedding, source agent)
TYPES = {
    "conversation":    (0.55, 0.2, "voice_assistant"),
    "context":         (0.25, 1.0, "context_agent"),
    "user_preference": (0.05, 1.0, "profile_agent"),
    "entity":          (0.07, 1.0, "knowledge_agent"),
    "interaction":     (0.06, 0.3, "voice_assistant"),
    "agent_state":     (0.02, 0.0, "planner"),
}
TYPE_NAMES = list(TYPES)
GENERAL_TAGS = ("important", "follow-up", "family", "work", "home", "routine")

SLOTS = {
    "city": ("Leeds", "London", "Manchester", "Lisbon", "Berlin", "Paris", "York", "Bristol", "Glasgow", "Madrid"),
    "day": ("today", "tomorrow", "this weekend", "on Friday", "on Monday", "tonight", "next week"),
    "name": ("Sam", "Alex", "Jo", "Priya", "Tom", "Maria", "Grandma", "Dad", "Noah", "Ella"),
    "n": ("2", "3", "5", "7", "10", "12", "15", "20", "25", "45"),
    "time": ("7 am", "8:30", "noon", "half past six", "9 pm", "quarter to eight", "10:15"),
    "dish": ("lasagne", "chicken curry", "pad thai", "risotto", "shepherd's pie", "banana bread", "tacos", "pasta bake"),
    "artist": ("Radiohead", "Miles Davis", "Taylor Swift", "Arctic Monkeys", "Nina Simone", "Daft Punk", "Adele"),
    "genre": ("jazz", "indie rock", "classical", "lo-fi beats", "eighties pop", "soul"),
    "item": ("milk", "eggs", "coffee beans", "dishwasher tablets", "bread", "tomatoes", "batteries", "oat milk"),
    "room": ("kitchen", "living room", "bedroom", "hallway", "garden", "office"),
    "team": ("Leeds United", "Arsenal", "the Lions", "Liverpool", "the Rhinos"),
    "show": ("the news", "a crime drama", "the cooking show", "a nature documentary", "the quiz"),
    "sky": ("sunny", "cloudy", "light rain", "heavy showers", "clear", "windy"),
    "place": ("the dentist", "the gym", "the office", "school", "the station", "the vet", "the garage"),
}

# topic: tags, keyword queries, user turns, assistant turns, facts (context items, preferences, entities)
TOPICS = {
    "weather": (("weather",), ("weather forecast", "rain umbrella", "weather {city}", "cold tonight"),
                ("What's the weather going to be like in {city} {day}?", "Will it rain in {city} {day}?",
                 "Do I need an umbrella {day}?", "How cold will it get tonight?"),
                ("{day} in {city} looks {sky} with a high of {n} degrees.",
                 "There is a {n}0 percent chance of rain in {city} {day}.", "Yes, take an umbrella: {sky} {day}."),
                ("{name} checks the weather forecast for {city} every morning before the commute.",
                 "{name} wants weather warnings for {city} announced in the kitchen.")),
    "music": (("music",), ("play {genre}", "{artist}", "music playlist", "volume"),
              ("Play some {genre} in the {room}.", "Put on {artist}, please.", "Turn the volume up a bit.",
               "What song is this?"),
              ("Playing {genre} in the {room}.", "Here's {artist} on the {room} speaker.",
               "This is a track by {artist}."),
              ("{name} likes {genre} while cooking and {artist} on long drives.",
               "{name} asked never to play {artist} before {time}.")),
    "cooking": (("cooking", "food"), ("recipe {dish}", "dinner recipe", "oven temperature", "{dish}"),
                ("How do I make {dish}?", "Set the oven to {n}0 degrees for the {dish}.",
                 "What can I cook with {item} and rice?", "How long does {dish} take?"),
                ("The {dish} recipe takes about {n}0 minutes; start with the onions.",
                 "The oven is preheating for your {dish}.", "You could make {dish} tonight."),
                ("{name} is vegetarian on weekdays and loves {dish}.",
                 "Family favourite dinner: {dish}, usually on Sundays.")),
    "timers": (("timer",), ("timer minutes", "alarm {time}", "set timer", "wake up alarm"),
               ("Set a timer for {n} minutes.", "Wake me up at {time} {day}.", "How long is left on the timer?",
                "Cancel the alarm for {time}."),
               ("Timer set for {n} minutes.", "Alarm set for {time} {day}.", "There are {n} minutes left."),
               ("{name} sets a {n} minute timer for tea every afternoon.",
                "Weekday alarm at {time}, weekends off.")),
    "shopping": (("shopping",), ("shopping list", "buy {item}", "groceries order", "{item}"),
                 ("Add {item} to the shopping list.", "What's on my shopping list?",
                  "Remove {item} from the list.", "Order more {item} for {day}."),
                 ("I've added {item} to your shopping list.", "Your list has {item}, bread and {n} other things.",
                  "The grocery order arrives {day}."),
                 ("{name} always buys {item} from the corner shop.",
                  "The weekly grocery order goes in on {day}.")),
    "calendar": (("calendar",), ("appointment {place}", "meeting calendar", "reminder {day}", "schedule"),
                 ("What's on my calendar {day}?", "Book {place} for {day} at {time}.",
                  "Remind me about {place} {day}.", "Move my {time} meeting to {day}."),
                 ("You have {place} at {time} {day}.", "I've booked {place} for {day} at {time}.",
                  "Reminder set for {place} {day}."),
                 ("{name} has a standing appointment at {place} every month.",
                  "{name} prefers meetings after {time}.")),
    "travel": (("travel",), ("train {city}", "flight booking", "traffic commute", "trip {city}"),
               ("When is the next train to {city}?", "Book a trip to {city} for {day}.",
                "How is the traffic to {place}?", "How long is the drive to {city}?"),
               ("The next train to {city} leaves at {time}.", "Traffic to {place} is light, about {n} minutes.",
                "Your trip to {city} is booked for {day}."),
               ("{name} commutes to {city} by train on {day}.", "Planning a holiday in {city} next summer.")),
    "home": (("home", "smart-home"), ("lights {room}", "heating thermostat", "lock door", "lights off"),
             ("Turn off the lights in the {room}.", "Set the heating to {n} degrees.",
              "Is the front door locked?", "Dim the {room} lights."),
             ("The {room} lights are off.", "Heating set to {n} degrees.", "The front door is locked."),
             ("{name} likes the {room} at {n} degrees in the evening.",
              "The {room} lights switch off automatically at {time}.")),
    "news": (("news",), ("news headlines", "news {city}", "podcast", "briefing"),
             ("What's in the news {day}?", "Read me the headlines.", "Any news from {city}?",
              "Play my news podcast."),
             ("Here are today's headlines from {city}.", "Playing the morning briefing.",
              "Top story: a new bridge opens in {city}."),
             ("{name} likes a short news briefing at {time}.", "{name} follows local news from {city}.")),
    "sports": (("sports",), ("score {team}", "match tonight", "football results", "{team}"),
               ("Did {team} win?", "When does {team} play next?", "What's the score in the match?",
                "Remind me when the match starts."),
               ("{team} won {n} to 1.", "{team} play {day} at {time}.", "The match starts at {time}."),
               ("{name} supports {team} and never misses a match.", "Match reminders for {team} at {time}.")),
    "health": (("health",), ("medication reminder", "steps walking", "sleep", "doctor appointment"),
               ("Remind me to take my tablets at {time}.", "How many steps did I walk {day}?",
                "Book a doctor's appointment for {day}.", "How did I sleep last night?"),
               ("Medication reminder set for {time}.", "You walked {n} thousand steps.",
                "You slept about {n} hours."),
               ("{name} takes vitamin D at {time} every morning.", "{name} is allergic to penicillin.")),
    "family": (("family",), ("birthday {name}", "call {name}", "gift ideas", "anniversary"),
               ("When is {name}'s birthday?", "Call {name}.", "Send {name} a message saying I'm running late.",
                "What should I get {name} for their birthday?"),
               ("{name}'s birthday is {day}.", "Calling {name} now.", "Message sent to {name}."),
               ("{name} loves {dish} and {genre}; birthday in spring.", "{name} lives in {city}.")),
    "tv": (("tv",), ("watch {show}", "tv tonight", "film recommendation", "series episode"),
           ("What's on TV tonight?", "Put on {show}.", "Recommend a film for {day}.",
            "Resume the series where we stopped."),
           ("Tonight at {time}: {show}.", "Playing {show} in the {room}.", "You might like {show}."),
           ("{name} watches {show} every {day}.", "No horror films when the kids are up.")),
    "work": (("work",), ("email {name}", "meeting notes", "deadline project", "work tasks"),
             ("Read my latest email from {name}.", "Take a note: call {name} about the project.",
              "What are my tasks {day}?", "When is the project deadline?"),
             ("You have {n} new emails, one from {name}.", "Note saved.", "The project deadline is {day}."),
             ("{name} is the project lead; weekly meeting {day} at {time}.",
              "Working from home on {day}.")),
    "pets": (("pets",), ("dog walk", "feed the cat", "vet appointment", "pet food"),
             ("Remind me to walk the dog at {time}.", "Did anyone feed the cat?", "Book the vet for {day}.",
              "Order more pet food."),
             ("Dog walk reminder set for {time}.", "The cat was fed at {time}.", "The vet is booked for {day}."),
             ("The dog, Biscuit, gets walked at {time} and {time}.", "{name} feeds the cat in the morning.")),
    "finance": (("finance",), ("bills payment", "budget spending", "bank balance", "rent"),
                ("How much did I spend on groceries this month?", "When is the electricity bill due?",
                 "What's my account balance?", "Remind me to pay the rent {day}."),
                ("You spent about {n}0 pounds on groceries.", "The electricity bill is due {day}.",
                 "Rent reminder set for {day}."),
                ("{name} pays the bills on the first of the month.", "Monthly grocery budget: {n}0 pounds.")),
}
TOPIC_NAMES = list(TOPICS)
CLUSTERS = len(TOPICS) * SUBCLUSTERS


class _Fill(dict):
    """str.format_map slots: each {slot} a random value, {Slot} capitalised."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key):
        value = self.rng.choice(SLOTS[key.lower()])
        return value[0].upper() + value[1:] if key[0].isupper() else value


def text(rng: random.Random, template: str) -> str:
    out = template.format_map(_Fill(rng))
    return out[0].upper() + out[1:]


@dataclass
class Chunk:
    """Rows of whole sessions, ready for COPY, plus the embeddings' metadata for exact answers."""
    sessions: list = field(default_factory=list)      # (session_id, user_id, created_at, updated_at, ended_at, metadata, type)
    memories: list = field(default_factory=list)      # (memory_id, session_id, type, content, source_agent, created, updated, expires, priority, active)
    tags: list = field(default_factory=list)          # (memory_id, tag)
    embedding_ids: list = field(default_factory=list)  # memory_id of each embedding
    vectors: np.ndarray | None = None                 # float32 (n, 1536), unit length
    user: np.ndarray | None = None                    # user number of each embedding's memory
    session: np.ndarray | None = None                 # session number
    mtype: np.ndarray | None = None                   # index into TYPE_NAMES
    active: np.ndarray | None = None                  # visible through the API (not soft-deleted, not expired)


class Workload:
    """The data of one benchmark size: MEMORIES over one year, USERS users, from SEED."""

    def __init__(self, memories: int, users: int, seed: int = 7, now: datetime | None = None):
        self.seed = seed
        self.users = users
        self.now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        rng = np.random.default_rng(seed)
        self.centres = normalise(rng.standard_normal((CLUSTERS, DIM), dtype=np.float32))
        self.bases = rng.standard_normal((CLUSTERS, RANK, DIM), dtype=np.float32) / np.float32(np.sqrt(DIM))
        # The session plan: who, when, what about, how long. Sorted by start.
        # Users of very different sizes: every user has one session, the others go to users drawn from a
        # Zipf distribution (user 0 the largest), as in a real deployment's many small and few large tenants.
        n_sessions = max(users, round(memories / np.mean(MEMORIES_PER_SESSION)))
        zipf = 1.0 / np.arange(1, users + 1) ** ZIPF_EXPONENT
        self.session_user = rng.permutation(np.concatenate([
            np.arange(users), rng.choice(users, size=n_sessions - users, p=zipf / zipf.sum())]))
        year = 365 * 86400
        self.session_start = np.sort(rng.integers(0, year - 7200, size=n_sessions))  # seconds after the year began
        self.session_topic = rng.integers(len(TOPICS), size=n_sessions)
        self.session_length = rng.integers(MEMORIES_PER_SESSION[0], MEMORIES_PER_SESSION[1] + 1, size=n_sessions)
        # Scale the lengths so the total is the size asked for.
        self.session_length = np.maximum(1, np.round(self.session_length * memories / self.session_length.sum())).astype(int)
        self.session_ids = [f"s-{uuid.UUID(int=int(x), version=4)}" for x in rng.integers(0, 2**63, size=n_sessions)]
        self.year_start = self.now - timedelta(seconds=year)
        self.memories = int(self.session_length.sum())

    def user_id(self, u: int) -> str:
        return f"user-{u:03d}"

    def user_memories(self) -> np.ndarray:
        """Planned memories per user (index = user number)."""
        return np.bincount(self.session_user, weights=self.session_length, minlength=self.users).astype(int)

    def vectors(self, rng: np.random.Generator, topics: np.ndarray) -> np.ndarray:
        """Unit vectors, each in a random cluster of its topic."""
        labels = topics * SUBCLUSTERS + rng.integers(SUBCLUSTERS, size=len(topics))
        return clustered_vectors(len(topics), rng, self.centres, self.bases, labels=labels)

    def chunks(self, size: int = 20_000):
        """Chunks of about SIZE memories, whole sessions each, in time order."""
        rng = random.Random(self.seed)
        nrng = np.random.default_rng(self.seed + 1)
        weights = [t[0] for t in TYPES.values()]
        chunk, topics = Chunk(), []
        counter = 0
        for s, sid in enumerate(self.session_ids):
            topic = TOPIC_NAMES[self.session_topic[s]]
            start = self.year_start + timedelta(seconds=int(self.session_start[s]))
            t = start
            for k in range(self.session_length[s]):
                t += timedelta(seconds=rng.randint(4, 90))
                mtype = rng.choices(TYPE_NAMES, weights)[0]
                share, p_embed, agent = TYPES[mtype]
                mtopic = topic if rng.random() < 0.8 else rng.choice(TOPIC_NAMES)
                tags_, queries, user_lines, assistant_lines, facts = TOPICS[mtopic]
                content = {"topic": mtopic}
                if mtype == "conversation":
                    role = "user" if k % 2 == 0 else "assistant"
                    content |= {"role": role, "text": text(rng, rng.choice(user_lines if role == "user" else assistant_lines))}
                    tags = [role]
                elif mtype == "interaction":
                    content |= {"query": text(rng, rng.choice(user_lines)),
                                "response": text(rng, rng.choice(assistant_lines))}
                    content["text"] = content["query"] + " " + content["response"]
                    tags = []
                elif mtype == "agent_state":
                    content |= {"text": "Pending: " + text(rng, rng.choice(assistant_lines)), "step": rng.randint(1, 5)}
                    tags = ["state"]
                else:
                    content |= {"text": text(rng, rng.choice(facts))}
                    tags = []
                tags += rng.sample(tags_ + GENERAL_TAGS, rng.choice((0, 1, 1, 2, 2, 3)))
                counter += 1
                memory_id = f"m-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
                # A TTL on some memories: they still live (the purge job removes the expired ones).
                expires = self.now + timedelta(days=rng.randint(2, 120)) if rng.random() < 0.15 else None
                active = rng.random() >= 0.02                       # 2 % soft-deleted, within the grace period
                priority = min(10, max(1, round(rng.gauss(5, 1.8))))
                chunk.memories.append((memory_id, sid, mtype, content, agent, t, t, expires, priority, active))
                chunk.tags += [(memory_id, tag) for tag in dict.fromkeys(tags)]
                if rng.random() < p_embed:
                    chunk.embedding_ids.append(memory_id)
                    topics.append((TOPIC_NAMES.index(mtopic), self.session_user[s], s, TYPE_NAMES.index(mtype), active))
            ended = t + timedelta(minutes=2) if t + timedelta(minutes=2) < self.now else None
            chunk.sessions.append((sid, self.user_id(self.session_user[s]), start, t, ended,
                                   {"device": rng.choice(("kitchen speaker", "car", "phone", "living room tv")),
                                    "locale": "en-GB"}, "conversation"))
            if len(chunk.memories) >= size or s == len(self.session_ids) - 1:
                meta = np.array(topics, dtype=np.int64).reshape(-1, 5)
                chunk.vectors = self.vectors(nrng, meta[:, 0]) if len(meta) else np.zeros((0, DIM), np.float32)
                chunk.user, chunk.session, chunk.mtype = meta[:, 1], meta[:, 2], meta[:, 3]
                chunk.active = meta[:, 4].astype(bool)
                yield chunk
                chunk, topics = Chunk(), []

    def keyword_query(self, rng: random.Random, topic: int) -> str:
        return text(rng, rng.choice(TOPICS[TOPIC_NAMES[topic]][1])).lower()
