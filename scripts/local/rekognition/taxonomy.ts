import type { CocoLabel } from './coco-labels';

/** How a label reads in a Rekognition answer: its Title Case name, every ancestor (not only the nearest), its categories. */
export interface LabelTaxonomy {
  name: string;
  parents: readonly string[];
  categories: readonly string[];
}

type Entry = Omit<LabelTaxonomy, 'name'>;

const ANIMAL = ['Animals and Pets'];
const VEHICLE = ['Vehicles and Automotive'];
const SPORT = ['Sports'];
const FOOD = ['Food and Beverage'];
const KITCHEN = ['Kitchen and Dining'];
const FURNITURE = ['Furniture and Furnishings'];
const TECHNOLOGY = ['Technology and Computing'];
const HOME = ['Home and Indoors'];
const APPAREL = ['Apparel and Accessories'];
const EVERYDAY = ['Everyday Objects'];

/**
 * Labels that appear only as ancestors. A small, plausible slice of Rekognition's own hierarchy
 * (https://docs.aws.amazon.com/rekognition/latest/dg/labels.html), not a copy of it.
 */
const PARENT_LABELS: Record<string, Entry> = {
  Animal: { parents: [], categories: ANIMAL },
  Mammal: { parents: ['Animal'], categories: ANIMAL },
  Pet: { parents: ['Animal'], categories: ANIMAL },
  Canine: { parents: ['Mammal', 'Animal'], categories: ANIMAL },
  Wildlife: { parents: ['Animal'], categories: ANIMAL },
  Livestock: { parents: ['Mammal', 'Animal'], categories: ANIMAL },
  Transportation: { parents: [], categories: VEHICLE },
  Vehicle: { parents: ['Transportation'], categories: VEHICLE },
  Aircraft: { parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  Watercraft: { parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  Sport: { parents: [], categories: SPORT },
  Food: { parents: [], categories: FOOD },
  Plant: { parents: [], categories: ['Plants and Flowers'] },
  Fruit: { parents: ['Food', 'Plant'], categories: FOOD },
  Vegetable: { parents: ['Food', 'Plant'], categories: FOOD },
  Cutlery: { parents: [], categories: KITCHEN },
  Furniture: { parents: [], categories: FURNITURE },
  Table: { parents: ['Furniture'], categories: FURNITURE },
  Electronics: { parents: [], categories: TECHNOLOGY },
  Computer: { parents: ['Electronics'], categories: TECHNOLOGY },
  'Computer Hardware': { parents: ['Electronics'], categories: TECHNOLOGY },
  Phone: { parents: ['Electronics'], categories: TECHNOLOGY },
  Appliance: { parents: [], categories: HOME },
  Accessories: { parents: [], categories: APPAREL },
  Bag: { parents: ['Accessories'], categories: APPAREL },
  Symbol: { parents: [], categories: ['Symbols and Flags'] },
  Sign: { parents: ['Symbol'], categories: ['Symbols and Flags'] },
  Toy: { parents: [], categories: ['Toys and Gaming'] },
};

/** Rekognition's name for each COCO class; mostly the COCO name in Title Case, renamed where Rekognition says it otherwise. */
const COCO_TAXONOMY: Record<CocoLabel, LabelTaxonomy> = {
  person: { name: 'Person', parents: [], categories: ['Person Description'] },
  bicycle: { name: 'Bicycle', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  car: { name: 'Car', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  motorcycle: { name: 'Motorcycle', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  airplane: { name: 'Airplane', parents: ['Aircraft', 'Vehicle', 'Transportation'], categories: VEHICLE },
  bus: { name: 'Bus', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  train: { name: 'Train', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  truck: { name: 'Truck', parents: ['Vehicle', 'Transportation'], categories: VEHICLE },
  boat: { name: 'Boat', parents: ['Watercraft', 'Vehicle', 'Transportation'], categories: VEHICLE },
  'traffic light': { name: 'Traffic Light', parents: [], categories: VEHICLE },
  'fire hydrant': { name: 'Fire Hydrant', parents: [], categories: ['Public Safety'] },
  'stop sign': { name: 'Stop Sign', parents: ['Sign', 'Symbol'], categories: ['Symbols and Flags'] },
  'parking meter': { name: 'Parking Meter', parents: [], categories: VEHICLE },
  bench: { name: 'Bench', parents: ['Furniture'], categories: FURNITURE },
  bird: { name: 'Bird', parents: ['Animal'], categories: ANIMAL },
  cat: { name: 'Cat', parents: ['Mammal', 'Animal', 'Pet'], categories: ANIMAL },
  dog: { name: 'Dog', parents: ['Canine', 'Mammal', 'Animal', 'Pet'], categories: ANIMAL },
  horse: { name: 'Horse', parents: ['Mammal', 'Animal'], categories: ANIMAL },
  sheep: { name: 'Sheep', parents: ['Livestock', 'Mammal', 'Animal'], categories: ANIMAL },
  cow: { name: 'Cow', parents: ['Livestock', 'Mammal', 'Animal'], categories: ANIMAL },
  elephant: { name: 'Elephant', parents: ['Wildlife', 'Mammal', 'Animal'], categories: ANIMAL },
  bear: { name: 'Bear', parents: ['Wildlife', 'Mammal', 'Animal'], categories: ANIMAL },
  zebra: { name: 'Zebra', parents: ['Wildlife', 'Mammal', 'Animal'], categories: ANIMAL },
  giraffe: { name: 'Giraffe', parents: ['Wildlife', 'Mammal', 'Animal'], categories: ANIMAL },
  backpack: { name: 'Backpack', parents: ['Bag', 'Accessories'], categories: APPAREL },
  umbrella: { name: 'Umbrella', parents: [], categories: EVERYDAY },
  handbag: { name: 'Handbag', parents: ['Bag', 'Accessories'], categories: APPAREL },
  tie: { name: 'Tie', parents: ['Accessories'], categories: APPAREL },
  suitcase: { name: 'Suitcase', parents: [], categories: ['Travel and Adventure'] },
  frisbee: { name: 'Frisbee', parents: ['Toy'], categories: SPORT },
  skis: { name: 'Skis', parents: ['Sport'], categories: SPORT },
  snowboard: { name: 'Snowboard', parents: ['Sport'], categories: SPORT },
  'sports ball': { name: 'Ball', parents: ['Sport'], categories: SPORT },
  kite: { name: 'Kite', parents: ['Toy'], categories: ['Toys and Gaming'] },
  'baseball bat': { name: 'Baseball Bat', parents: ['Sport'], categories: SPORT },
  'baseball glove': { name: 'Baseball Glove', parents: ['Sport'], categories: SPORT },
  skateboard: { name: 'Skateboard', parents: ['Sport'], categories: SPORT },
  surfboard: { name: 'Surfboard', parents: ['Sport'], categories: SPORT },
  'tennis racket': { name: 'Tennis Racket', parents: ['Sport'], categories: SPORT },
  bottle: { name: 'Bottle', parents: [], categories: KITCHEN },
  'wine glass': { name: 'Wine Glass', parents: [], categories: KITCHEN },
  cup: { name: 'Cup', parents: [], categories: KITCHEN },
  fork: { name: 'Fork', parents: ['Cutlery'], categories: KITCHEN },
  knife: { name: 'Knife', parents: ['Cutlery'], categories: KITCHEN },
  spoon: { name: 'Spoon', parents: ['Cutlery'], categories: KITCHEN },
  bowl: { name: 'Bowl', parents: [], categories: KITCHEN },
  banana: { name: 'Banana', parents: ['Fruit', 'Food', 'Plant'], categories: FOOD },
  apple: { name: 'Apple', parents: ['Fruit', 'Food', 'Plant'], categories: FOOD },
  sandwich: { name: 'Sandwich', parents: ['Food'], categories: FOOD },
  orange: { name: 'Orange', parents: ['Fruit', 'Food', 'Plant'], categories: FOOD },
  broccoli: { name: 'Broccoli', parents: ['Vegetable', 'Food', 'Plant'], categories: FOOD },
  carrot: { name: 'Carrot', parents: ['Vegetable', 'Food', 'Plant'], categories: FOOD },
  'hot dog': { name: 'Hot Dog', parents: ['Food'], categories: FOOD },
  pizza: { name: 'Pizza', parents: ['Food'], categories: FOOD },
  donut: { name: 'Donut', parents: ['Food'], categories: FOOD },
  cake: { name: 'Cake', parents: ['Food'], categories: FOOD },
  chair: { name: 'Chair', parents: ['Furniture'], categories: FURNITURE },
  couch: { name: 'Couch', parents: ['Furniture'], categories: FURNITURE },
  'potted plant': { name: 'Potted Plant', parents: ['Plant'], categories: ['Plants and Flowers'] },
  bed: { name: 'Bed', parents: ['Furniture'], categories: FURNITURE },
  'dining table': { name: 'Dining Table', parents: ['Table', 'Furniture'], categories: FURNITURE },
  toilet: { name: 'Toilet', parents: [], categories: HOME },
  tv: { name: 'TV', parents: ['Electronics'], categories: TECHNOLOGY },
  laptop: { name: 'Laptop', parents: ['Computer', 'Electronics'], categories: TECHNOLOGY },
  mouse: { name: 'Computer Mouse', parents: ['Computer Hardware', 'Electronics'], categories: TECHNOLOGY },
  remote: { name: 'Remote Control', parents: ['Electronics'], categories: TECHNOLOGY },
  keyboard: { name: 'Computer Keyboard', parents: ['Computer Hardware', 'Electronics'], categories: TECHNOLOGY },
  'cell phone': { name: 'Mobile Phone', parents: ['Phone', 'Electronics'], categories: TECHNOLOGY },
  microwave: { name: 'Microwave', parents: ['Appliance'], categories: HOME },
  oven: { name: 'Oven', parents: ['Appliance'], categories: HOME },
  toaster: { name: 'Toaster', parents: ['Appliance'], categories: HOME },
  sink: { name: 'Sink', parents: [], categories: HOME },
  refrigerator: { name: 'Refrigerator', parents: ['Appliance'], categories: HOME },
  book: { name: 'Book', parents: [], categories: ['Text and Documents'] },
  clock: { name: 'Clock', parents: [], categories: EVERYDAY },
  vase: { name: 'Vase', parents: [], categories: HOME },
  scissors: { name: 'Scissors', parents: [], categories: EVERYDAY },
  'teddy bear': { name: 'Teddy Bear', parents: ['Toy'], categories: ['Toys and Gaming'] },
  'hair drier': { name: 'Hair Dryer', parents: ['Appliance'], categories: ['Beauty and Personal Care'] },
  toothbrush: { name: 'Toothbrush', parents: [], categories: ['Beauty and Personal Care'] },
};

export function describeCocoLabel(label: CocoLabel): LabelTaxonomy {
  return COCO_TAXONOMY[label];
}

/** The taxonomy of a label that appears only as an ancestor; undefined for a name the table does not know. */
export function describeParentLabel(name: string): LabelTaxonomy | undefined {
  const entry = PARENT_LABELS[name];
  return entry && { name, ...entry };
}

export function parentLabelNames(): string[] {
  return Object.keys(PARENT_LABELS);
}
