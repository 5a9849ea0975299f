"""Small fact tables written for the demo world (no third-party data).

Each table holds true facts plus, where a "plausible wrong value" is not obvious, a decoy that a
player could believe (a country's largest city instead of its capital). The generator turns them
into true/false statements; the passages always state the true fact, as real passages do.
"""

from __future__ import annotations

# country, capital, continent, decoy (a plausible wrong capital)
CAPITALS: tuple[tuple[str, str, str, str], ...] = (
    ("Australia", "Canberra", "Oceania", "Sydney"),
    ("Austria", "Vienna", "Europe", "Salzburg"),
    ("Bangladesh", "Dhaka", "Asia", "Chittagong"),
    ("Belgium", "Brussels", "Europe", "Antwerp"),
    ("Bhutan", "Thimphu", "Asia", "Paro"),
    ("Brazil", "Brasília", "South America", "São Paulo"),
    ("Bulgaria", "Sofia", "Europe", "Plovdiv"),
    ("Cameroon", "Yaoundé", "Africa", "Douala"),
    ("Canada", "Ottawa", "North America", "Toronto"),
    ("Chile", "Santiago", "South America", "Valparaíso"),
    ("China", "Beijing", "Asia", "Shanghai"),
    ("Colombia", "Bogotá", "South America", "Medellín"),
    ("Costa Rica", "San José", "North America", "Limón"),
    ("Croatia", "Zagreb", "Europe", "Split"),
    ("Cuba", "Havana", "North America", "Santiago de Cuba"),
    ("Czechia", "Prague", "Europe", "Brno"),
    ("Denmark", "Copenhagen", "Europe", "Aarhus"),
    ("Ecuador", "Quito", "South America", "Guayaquil"),
    ("Egypt", "Cairo", "Africa", "Alexandria"),
    ("Estonia", "Tallinn", "Europe", "Tartu"),
    ("Ethiopia", "Addis Ababa", "Africa", "Dire Dawa"),
    ("Finland", "Helsinki", "Europe", "Turku"),
    ("France", "Paris", "Europe", "Lyon"),
    ("Germany", "Berlin", "Europe", "München"),
    ("Ghana", "Accra", "Africa", "Kumasi"),
    ("Greece", "Athens", "Europe", "Thessaloniki"),
    ("Hungary", "Budapest", "Europe", "Debrecen"),
    ("Iceland", "Reykjavík", "Europe", "Akureyri"),
    ("India", "New Delhi", "Asia", "Mumbai"),
    ("Indonesia", "Jakarta", "Asia", "Surabaya"),
    ("Iran", "Tehran", "Asia", "Isfahan"),
    ("Ireland", "Dublin", "Europe", "Cork"),
    ("Italy", "Rome", "Europe", "Milan"),
    ("Jamaica", "Kingston", "North America", "Montego Bay"),
    ("Japan", "Tokyo", "Asia", "Kyoto"),
    ("Kazakhstan", "Astana", "Asia", "Almaty"),
    ("Kenya", "Nairobi", "Africa", "Mombasa"),
    ("Latvia", "Riga", "Europe", "Daugavpils"),
    ("Lithuania", "Vilnius", "Europe", "Kaunas"),
    ("Malaysia", "Kuala Lumpur", "Asia", "George Town"),
    ("Mexico", "Mexico City", "North America", "Guadalajara"),
    ("Mongolia", "Ulaanbaatar", "Asia", "Erdenet"),
    ("Morocco", "Rabat", "Africa", "Casablanca"),
    ("Myanmar", "Naypyidaw", "Asia", "Yangon"),
    ("Nepal", "Kathmandu", "Asia", "Pokhara"),
    ("Netherlands", "Amsterdam", "Europe", "Rotterdam"),
    ("New Zealand", "Wellington", "Oceania", "Auckland"),
    ("Nigeria", "Abuja", "Africa", "Lagos"),
    ("Norway", "Oslo", "Europe", "Bergen"),
    ("Pakistan", "Islamabad", "Asia", "Karachi"),
    ("Paraguay", "Asunción", "South America", "Encarnación"),
    ("Peru", "Lima", "South America", "Cusco"),
    ("Philippines", "Manila", "Asia", "Cebu City"),
    ("Poland", "Warsaw", "Europe", "Kraków"),
    ("Portugal", "Lisbon", "Europe", "Porto"),
    ("Romania", "Bucharest", "Europe", "Cluj-Napoca"),
    ("São Tomé and Príncipe", "São Tomé", "Africa", "Santo António"),
    ("Saudi Arabia", "Riyadh", "Asia", "Jeddah"),
    ("Senegal", "Dakar", "Africa", "Saint-Louis"),
    ("Serbia", "Belgrade", "Europe", "Novi Sad"),
    ("Slovakia", "Bratislava", "Europe", "Košice"),
    ("Slovenia", "Ljubljana", "Europe", "Maribor"),
    ("South Korea", "Seoul", "Asia", "Busan"),
    ("Spain", "Madrid", "Europe", "Barcelona"),
    ("Sweden", "Stockholm", "Europe", "Göteborg"),
    ("Switzerland", "Bern", "Europe", "Zürich"),
    ("Tanzania", "Dodoma", "Africa", "Dar es Salaam"),
    ("Thailand", "Bangkok", "Asia", "Chiang Mai"),
    ("Turkey", "Ankara", "Asia", "Istanbul"),
    ("Ukraine", "Kyiv", "Europe", "Lviv"),
    ("United Arab Emirates", "Abu Dhabi", "Asia", "Dubai"),
    ("United Kingdom", "London", "Europe", "Manchester"),
    ("United States", "Washington, D.C.", "North America", "New York City"),
    ("Uruguay", "Montevideo", "South America", "Punta del Este"),
    ("Venezuela", "Caracas", "South America", "Maracaibo"),
    ("Vietnam", "Hanoi", "Asia", "Ho Chi Minh City"),
)

CONTINENTS: tuple[str, ...] = (
    "Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America",
)

# mountain, continent, height in metres (highest peak of that continent)
SUMMITS: tuple[tuple[str, str, int], ...] = (
    ("Mount Everest", "Asia", 8849),
    ("Aconcagua", "South America", 6961),
    ("Denali", "North America", 6190),
    ("Kilimanjaro", "Africa", 5895),
    ("Mount Elbrus", "Europe", 5642),
    ("Mount Vinson", "Antarctica", 4892),
    ("Puncak Jaya", "Oceania", 4884),
)

# name, symbol, atomic number
ELEMENTS: tuple[tuple[str, str, int], ...] = (
    ("Hydrogen", "H", 1), ("Helium", "He", 2), ("Lithium", "Li", 3), ("Beryllium", "Be", 4),
    ("Boron", "B", 5), ("Carbon", "C", 6), ("Nitrogen", "N", 7), ("Oxygen", "O", 8),
    ("Fluorine", "F", 9), ("Neon", "Ne", 10), ("Sodium", "Na", 11), ("Magnesium", "Mg", 12),
    ("Aluminium", "Al", 13), ("Silicon", "Si", 14), ("Phosphorus", "P", 15), ("Sulfur", "S", 16),
    ("Chlorine", "Cl", 17), ("Argon", "Ar", 18), ("Potassium", "K", 19), ("Calcium", "Ca", 20),
    ("Scandium", "Sc", 21), ("Titanium", "Ti", 22), ("Vanadium", "V", 23), ("Chromium", "Cr", 24),
    ("Manganese", "Mn", 25), ("Iron", "Fe", 26), ("Cobalt", "Co", 27), ("Nickel", "Ni", 28),
    ("Copper", "Cu", 29), ("Zinc", "Zn", 30), ("Gallium", "Ga", 31), ("Germanium", "Ge", 32),
    ("Arsenic", "As", 33), ("Selenium", "Se", 34), ("Bromine", "Br", 35), ("Krypton", "Kr", 36),
    ("Rubidium", "Rb", 37), ("Strontium", "Sr", 38), ("Silver", "Ag", 47), ("Tin", "Sn", 50),
    ("Iodine", "I", 53), ("Xenon", "Xe", 54), ("Caesium", "Cs", 55), ("Barium", "Ba", 56),
    ("Tungsten", "W", 74), ("Platinum", "Pt", 78), ("Gold", "Au", 79), ("Mercury", "Hg", 80),
    ("Lead", "Pb", 82), ("Bismuth", "Bi", 83), ("Radon", "Rn", 86), ("Radium", "Ra", 88),
    ("Uranium", "U", 92), ("Plutonium", "Pu", 94), ("Einsteinium", "Es", 99),
)

# event, year, where (for the passage)
EVENTS: tuple[tuple[str, int, str], ...] = (
    ("the Battle of Hastings", 1066, "England"),
    ("the signing of Magna Carta", 1215, "England"),
    ("the fall of Constantinople", 1453, "the Byzantine Empire"),
    ("Columbus's first voyage across the Atlantic", 1492, "the Atlantic"),
    ("the start of the Protestant Reformation", 1517, "the Holy Roman Empire"),
    ("the defeat of the Spanish Armada", 1588, "the English Channel"),
    ("the founding of Jamestown", 1607, "Virginia"),
    ("the Peace of Westphalia", 1648, "Münster and Osnabrück"),
    ("the Great Fire of London", 1666, "London"),
    ("the American Declaration of Independence", 1776, "Philadelphia"),
    ("the storming of the Bastille", 1789, "Paris"),
    ("the Battle of Trafalgar", 1805, "off Cape Trafalgar"),
    ("the Battle of Waterloo", 1815, "present-day Belgium"),
    ("the independence of Brazil", 1822, "Brazil"),
    ("the opening of the Suez Canal", 1869, "Egypt"),
    ("the unification of Germany", 1871, "Versailles"),
    ("the first powered flight by the Wright brothers", 1903, "Kitty Hawk"),
    ("the sinking of the Titanic", 1912, "the North Atlantic"),
    ("the start of the First World War", 1914, "Europe"),
    ("the Russian October Revolution", 1917, "Petrograd"),
    ("the Wall Street Crash", 1929, "New York"),
    ("the start of the Second World War", 1939, "Europe"),
    ("the founding of the United Nations", 1945, "San Francisco"),
    ("the independence of India", 1947, "India"),
    ("the launch of Sputnik 1", 1957, "Baikonur"),
    ("the first Moon landing", 1969, "the Sea of Tranquillity"),
    ("the fall of the Berlin Wall", 1989, "Berlin"),
    ("the reunification of Germany", 1990, "Germany"),
    ("the dissolution of the Soviet Union", 1991, "Moscow"),
    ("the end of apartheid with South Africa's first free election", 1994, "South Africa"),
    ("the introduction of euro banknotes", 2002, "the eurozone"),
    ("the Treaty of Tordesillas", 1494, "Tordesillas"),
    ("the coronation of Charlemagne as emperor", 800, "Rome"),
    ("the Meiji Restoration", 1868, "Japan"),
    ("the founding of the Académie française", 1635, "Paris"),
    ("the Congress of Vienna's closing act", 1815, "Vienna"),
    ("the abolition of serfdom in Russia", 1861, "Russia"),
    ("the first modern Olympic Games", 1896, "Athens"),
    ("the eruption of Vesuvius that buried Pompeii", 79, "the Bay of Naples"),
    ("the Norman conquest's Domesday Book survey", 1086, "England"),
)

# planet, order from the Sun, kind
PLANETS: tuple[tuple[str, int, str], ...] = (
    ("Mercury", 1, "rocky"), ("Venus", 2, "rocky"), ("Earth", 3, "rocky"), ("Mars", 4, "rocky"),
    ("Jupiter", 5, "gas giant"), ("Saturn", 6, "gas giant"), ("Uranus", 7, "ice giant"),
    ("Neptune", 8, "ice giant"),
)

# moon, planet it orbits
MOONS: tuple[tuple[str, str], ...] = (
    ("Phobos", "Mars"), ("Deimos", "Mars"), ("Io", "Jupiter"), ("Europa", "Jupiter"),
    ("Ganymede", "Jupiter"), ("Callisto", "Jupiter"), ("Titan", "Saturn"),
    ("Enceladus", "Saturn"), ("Mimas", "Saturn"), ("Titania", "Uranus"), ("Oberon", "Uranus"),
    ("Miranda", "Uranus"), ("Triton", "Neptune"), ("Nereid", "Neptune"),
)

# author, work, year
BOOKS: tuple[tuple[str, str, int], ...] = (
    ("Miguel de Cervantes", "Don Quixote", 1605),
    ("Jane Austen", "Pride and Prejudice", 1813),
    ("Mary Shelley", "Frankenstein", 1818),
    ("Victor Hugo", "Les Misérables", 1862),
    ("Leo Tolstoy", "War and Peace", 1869),
    ("Fyodor Dostoevsky", "Crime and Punishment", 1866),
    ("Gustave Flaubert", "Madame Bovary", 1857),
    ("Herman Melville", "Moby-Dick", 1851),
    ("Charles Dickens", "Great Expectations", 1861),
    ("Franz Kafka", "The Trial", 1925),
    ("Thomas Mann", "Der Zauberberg", 1924),
    ("Gabriel García Márquez", "One Hundred Years of Solitude", 1967),
    ("George Orwell", "Nineteen Eighty-Four", 1949),
    ("Chinua Achebe", "Things Fall Apart", 1958),
    ("Virginia Woolf", "Mrs Dalloway", 1925),
    ("Halldór Laxness", "Independent People", 1934),
    ("Johann Wolfgang von Goethe", "Faust", 1808),
    ("Alexandre Dumas", "The Count of Monte Cristo", 1844),
    ("Selma Lagerlöf", "The Wonderful Adventures of Nils", 1906),
    ("Harper Lee", "To Kill a Mockingbird", 1960),
    ("Jules Verne", "Twenty Thousand Leagues Under the Seas", 1870),
    ("Emily Brontë", "Wuthering Heights", 1847),
)

# painter, painting, year
PAINTINGS: tuple[tuple[str, str, int], ...] = (
    ("Leonardo da Vinci", "the Mona Lisa", 1503),
    ("Vincent van Gogh", "The Starry Night", 1889),
    ("Pablo Picasso", "Guernica", 1937),
    ("Diego Velázquez", "Las Meninas", 1656),
    ("Johannes Vermeer", "Girl with a Pearl Earring", 1665),
    ("Claude Monet", "Impression, soleil levant", 1872),
    ("Édouard Manet", "Le Déjeuner sur l'herbe", 1863),
    ("Edvard Munch", "The Scream", 1893),
    ("Sandro Botticelli", "The Birth of Venus", 1485),
    ("Frida Kahlo", "The Two Fridas", 1939),
    ("Katsushika Hokusai", "The Great Wave off Kanagawa", 1831),
    ("Rembrandt", "The Night Watch", 1642),
    ("Gustav Klimt", "The Kiss", 1908),
    ("Salvador Dalí", "The Persistence of Memory", 1931),
    ("Georges Seurat", "A Sunday Afternoon on the Island of La Grande Jatte", 1886),
)

# invention, inventor, year
INVENTIONS: tuple[tuple[str, str, int], ...] = (
    ("the movable-type printing press", "Johannes Gutenberg", 1440),
    ("the practical steam engine with a separate condenser", "James Watt", 1769),
    ("the telephone patent", "Alexander Graham Bell", 1876),
    ("the phonograph", "Thomas Edison", 1877),
    ("the diesel engine", "Rudolf Diesel", 1893),
    ("the World Wide Web", "Tim Berners-Lee", 1989),
    ("the Linux kernel", "Linus Torvalds", 1991),
    ("the Python programming language's first release", "Guido van Rossum", 1991),
    ("the dynamite patent", "Alfred Nobel", 1867),
    ("the periodic table", "Dmitri Mendeleev", 1869),
    ("the safety elevator brake", "Elisha Otis", 1852),
    ("the pasteurisation process", "Louis Pasteur", 1864),
    ("the first practical television demonstration", "John Logie Baird", 1926),
    ("the Enigma-breaking Bombe design", "Alan Turing", 1939),
    ("the Z3 programmable computer", "Konrad Zuse", 1941),
)

# quantity, SI unit
UNITS: tuple[tuple[str, str], ...] = (
    ("force", "newton"), ("energy", "joule"), ("power", "watt"), ("pressure", "pascal"),
    ("electric charge", "coulomb"), ("electric current", "ampere"), ("voltage", "volt"),
    ("electrical resistance", "ohm"), ("frequency", "hertz"), ("temperature", "kelvin"),
    ("luminous intensity", "candela"), ("amount of substance", "mole"), ("mass", "kilogram"),
    ("magnetic flux density", "tesla"), ("capacitance", "farad"),
)

# animal, class
ANIMALS: tuple[tuple[str, str], ...] = (
    ("dolphin", "mammal"), ("bat", "mammal"), ("platypus", "mammal"), ("whale shark", "fish"),
    ("seahorse", "fish"), ("salamander", "amphibian"), ("axolotl", "amphibian"),
    ("crocodile", "reptile"), ("tortoise", "reptile"), ("penguin", "bird"), ("ostrich", "bird"),
    ("kiwi", "bird"), ("octopus", "mollusc"), ("snail", "mollusc"), ("spider", "arachnid"),
    ("scorpion", "arachnid"), ("bee", "insect"), ("dragonfly", "insect"), ("hedgehog", "mammal"),
    ("manatee", "mammal"), ("newt", "amphibian"), ("gecko", "reptile"),
)

# country, official (or main) language
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("Brazil", "Portuguese"), ("Argentina", "Spanish"), ("Austria", "German"),
    ("Iran", "Persian"), ("Mexico", "Spanish"), ("Japan", "Japanese"), ("Egypt", "Arabic"),
    ("Iceland", "Icelandic"), ("Mozambique", "Portuguese"), ("Senegal", "French"),
    ("Hungary", "Hungarian"), ("Finland", "Finnish"), ("Vietnam", "Vietnamese"),
    ("Poland", "Polish"), ("Kenya", "Swahili"), ("Greece", "Greek"), ("Türkiye", "Turkish"),
    ("Côte d'Ivoire", "French"), ("Suriname", "Dutch"), ("Ethiopia", "Amharic"),
)

# slug -> (display name, description); every question also carries `general`.
CATEGORIES: dict[str, tuple[str, str]] = {
    "general": ("General", "Every question: the documented catch-all category."),
    "geography": ("Geography", "Countries, continents, mountains and where things are."),
    "capitals": ("Capital Cities", "Which city is the capital of which country."),
    "science": ("Science", "Natural sciences in general."),
    "chemistry": ("Chemistry", "Elements, symbols and atomic numbers."),
    "physics": ("Physics", "Units and measurements."),
    "biology": ("Biology", "Animals and how they are classified."),
    "space": ("Space", "Planets, moons and the Solar System."),
    "history": ("History", "Dates and events."),
    "mathematics": ("Mathematics", "Arithmetic, primes and squares."),
    "literature": ("Literature", "Authors and their books."),
    "art": ("Art", "Painters and paintings."),
    "technology": ("Technology", "Inventions and inventors."),
    "languages": ("Languages", "Which languages are spoken where."),
}
